package io.maprace.probe.watch;

import io.maprace.findings.Severity;

import java.util.Set;

/**
 * What to tell the user about an unsafe map, from how it was used. All user-facing sentences of the watch
 * findings are here.
 */
final class Advice {

    /** The explanation and the advice of one finding. */
    record Text(String explanation, String advice) {
    }

    private Advice() {
    }

    static Text of(MapHistory h, Severity severity) {
        WatchedMap.MapTraits t = h.map().traits();
        String type = h.map().simpleType();
        String how = severity == Severity.PROVEN
                ? "The watch held one thread at its write and another thread entered a write of the same " + type
                + " meanwhile: both were inside it at once, nothing kept them apart."
                : h.writers().size() + " threads wrote this " + type + ", interleaved, and no exclusive lock was"
                + " held on every write: nothing orders them, although none was seen inside it at the same"
                + " moment while watched.";
        String corrupt = t.set()
                ? " Concurrent structural writes to a hash set corrupt its table: lost or duplicate elements, a"
                + " wrong size()."
                : " Concurrent structural writes corrupt the map: lost entries, entries that contains() reports"
                + " but get() misses, or a thread spinning forever inside it.";
        boolean sharedLock = !h.sharedLocks().isEmpty();
        Set<String> ops = h.operations();
        boolean checkThenAct = ops.stream().anyMatch(o -> o.endsWith(".put") || o.endsWith(".putIfAbsent")
                || o.endsWith(".computeIfAbsent") || o.endsWith(".merge") || o.endsWith(".compute"));

        if (t.accessOrdered()) {
            String lockPart = sharedLock
                    ? " It was written under a read lock (" + String.join(", ", h.sharedLocks()) + "), which many"
                    + " threads hold at once."
                    : "";
            return new Text(how + " This is an access-ordered LinkedHashMap (an LRU cache): get() is a write, it"
                    + " moves the entry to the end of the list." + lockPart + " Races cut or loop the LRU list:"
                    + " eviction stops and the bounded cache grows without bound.",
                    "Lock both get() and put() with one exclusive lock (synchronized, or the write lock of the"
                            + " ReadWriteLock), or replace the hand-made LRU with a concurrent cache library"
                            + " (e.g. Caffeine with maximumSize).");
        }
        if (sharedLock) {
            return new Text(how + " It was written while holding only a read (shared) lock ("
                    + String.join(", ", h.sharedLocks()) + "): many threads hold a read lock at once, so it"
                    + " protects nothing against another writer." + corrupt,
                    "Take the write lock for every call that writes this map (including hidden writes), or use"
                            + " a ConcurrentHashMap.");
        }
        if (t.weak()) {
            return new Text(how + " This is a WeakHashMap: get(), size() and isEmpty() also write, they expunge"
                    + " entries whose keys were collected. Races leak entries that can never be expunged or"
                    + " loop forever in get().",
                    "For Class keys use ClassValue. Otherwise guard every call, reads included, with one lock"
                            + " (Collections.synchronizedMap(new WeakHashMap<>())) or use a concurrent cache with"
                            + " weak keys.");
        }
        if (t.set() && (t.addThenRemove() || h.addsAndRemovesPerThread())) {
            return new Text(how + " Each thread adds an element and removes it again: per-call state (\"in"
                    + " progress\") kept in one set shared by all threads." + corrupt,
                    "Confine the state to the call or the thread: a set created per call and passed down, or a"
                            + " ThreadLocal. A lock alone fixes the corruption, not the logic: other threads'"
                            + " elements still make calls fail.");
        }
        if (t.ownerIsMap()) {
            return new Text(how + " The " + type + " is hidden inside " + simple(h.map().owner()) + ", itself a"
                    + " Map, used outside the lock that guards the structure holding it." + corrupt,
                    "Make " + simple(h.map().owner()) + " thread-safe (back it by a ConcurrentHashMap or"
                            + " synchronize its methods), or keep every use of it under the outer lock.");
        }
        if (checkThenAct && !t.set()) {
            return new Text(how + " It is used as a check-then-act cache (look up, then insert when missing)."
                    + corrupt,
                    "Use a ConcurrentHashMap and computeIfAbsent: the check and the insert become one atomic"
                            + " step.");
        }
        return new Text(how + corrupt,
                "Make every write (and every read that can see a write in progress) hold one common exclusive"
                        + " lock, or use a concurrent " + (t.set() ? "set (ConcurrentHashMap.newKeySet())"
                        : "map (ConcurrentHashMap)") + ".");
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
