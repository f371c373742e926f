package io.maprace.events;

/** A thread as observed in the target: its Java thread id and its name at the time of observation. */
public record ThreadRef(long id, String name) implements Comparable<ThreadRef> {

    public ThreadRef {
        name = name == null ? "<unnamed>" : name;
    }

    /** A stable node id for graphs and JSON ("t" + Java thread id). */
    public String key() {
        return "t" + id;
    }

    // Written out rather than left to the record: rules key maps by thread for each of millions of samples.
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ThreadRef t && t.id == id && t.name.equals(name);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(id) + name.hashCode();
    }

    @Override
    public int compareTo(ThreadRef o) {
        return Long.compare(id, o.id);
    }

    @Override
    public String toString() {
        return name + " #" + id;
    }
}
