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

    @Override
    public int compareTo(ThreadRef o) {
        return Long.compare(id, o.id);
    }

    @Override
    public String toString() {
        return name + " #" + id;
    }
}
