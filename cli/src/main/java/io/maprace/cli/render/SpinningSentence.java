package io.maprace.cli.render;

import io.maprace.findings.Evidence;
import io.maprace.findings.Numbers;

/** How every renderer words a thread found spinning in map code across a burst of thread dumps. */
final class SpinningSentence {

    private SpinningSentence() {
    }

    /**
     * {@code 97% of a core, 42.1 s of CPU since the thread started 3 min ago: spinning for at most about 43 s},
     * or {@code no CPU times} when the dumps had none.
     */
    static String cpu(Evidence.SpinningThread s) {
        if (s.cpuShare() == null) {
            return "no CPU times";
        }
        String text = Numbers.fixed(s.cpuShare() * 100, 0) + "% of a core";
        if (s.cpuSeconds() != null && s.threadAgeSeconds() != null) {
            text += ", " + Times.millis(Math.round(s.cpuSeconds() * 1000)) + " of CPU since the thread started "
                    + Times.millis(Math.round(s.threadAgeSeconds() * 1000)) + " ago";
        }
        if (s.spinningUpToSeconds() != null) {
            text += ": spinning for at most about " + Times.millis(Math.round(s.spinningUpToSeconds() * 1000));
        }
        return text;
    }

    /** One sentence for a spinning thread: where, since when, at what CPU. */
    static String sentence(Evidence.SpinningThread s) {
        return RenderSupport.thread(s.thread()) + " RUNNABLE in map code in all " + s.dumps() + " thread dumps ("
                + Times.span(s.firstSeen(), s.lastSeen()) + "), " + cpu(s)
                + (s.allocatedBytes() == null ? "" : ", allocating " + s.allocatedBytes() + " bytes meanwhile");
    }
}
