package io.maprace.progress;

/**
 * Where long-running live work reports how far it got. The CLI draws it on stderr (a bar on a terminal, plain
 * lines otherwise); tests and library users pass {@link #NONE}.
 */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void phase(String name, long total) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void note(String line) {
        }
    };

    /** A new phase starts; {@code total} is the amount of work in it, or -1 when unknown. */
    void phase(String name, long total);

    /** Sets how much of the current phase is done. */
    void advance(long done);

    /** A one-line message the user should see (what maprace is about to do to the target, a cost, a caveat). */
    void note(String line);
}
