package io.maprace.findings;

import io.maprace.model.MapFamily;

/**
 * The sentences findings say to users: explanations of what the evidence means and advice on what to change,
 * per map family and shape. Kept here so the live and post-mortem paths give the same advice.
 */
public final class Advice {

    private Advice() {
    }

    public static String forFamily(MapFamily family) {
        return switch (family) {
            case LINKED_HASH_MAP -> "If this is an LRU cache (access-ordered LinkedHashMap), every get() is a write: "
                    + "guard get and put with one exclusive lock (not a read lock), wrap it with "
                    + "Collections.synchronizedMap, or use a concurrent cache library.";
            case WEAK_HASH_MAP -> "A WeakHashMap expunges stale entries on every call, reads included: use "
                    + "ClassValue for per-class caches, or Collections.synchronizedMap(new WeakHashMap<>()), or a "
                    + "concurrent weak-keyed map.";
            case HASH_SET, LINKED_HASH_SET, TREE_SET -> "Use ConcurrentHashMap.newKeySet() if the set is meant to be "
                    + "shared; if it holds per-call state (\"in progress\" markers), confine it to the call or the "
                    + "thread instead: a lock alone stops the corruption, not the logic error.";
            case TREE_MAP -> "Use ConcurrentSkipListMap, or guard every access with one exclusive lock.";
            case IDENTITY_HASH_MAP -> "Guard every access with one exclusive lock, or key a ConcurrentHashMap by an "
                    + "identity wrapper.";
            default -> "If the map is a check-then-act cache, make it a ConcurrentHashMap and use computeIfAbsent; "
                    + "otherwise guard every access (reads too) with one common exclusive lock.";
        };
    }

    public static String concurrentWritersExplanation(MapFamily family, boolean corroborated) {
        String base = "Several threads were sampled inside a " + family.simpleName() + " called from this class in the "
                + "same sampling period, at least one of them writing, with no lock frame between the call and the "
                + "map. "
                + "Samples of one period are taken one after another, so this is evidence, not proof; a map "
                + "confined to each thread would look the same.";
        return corroborated ? base + " The same site also shows signs of a corrupted map (see the related findings),"
                + " which a thread-confined map cannot produce."
                : base + " Confirm it live with `maprace watch <pid> --map <owner.field>`.";
    }

    public static String hiddenWriteExplanation(MapFamily family) {
        if (family == MapFamily.WEAK_HASH_MAP) {
            return "WeakHashMap reads (get, size, isEmpty, containsKey) expunge cleared entries, which modifies the "
                    + "table: concurrent readers race each other. Symptoms: entries that are never expunged (a leak),"
                    + " or a thread looping forever in get.";
        }
        return "get() on an access-ordered LinkedHashMap relinks the entry (afterNodeAccess): it is a structural "
                + "write. A shared read lock lets many threads do it at once. Symptoms: a cut or cyclic LRU list, "
                + "eviction that stops, a bounded cache that grows without bound.";
    }

    public static String sharedLockExplanation(MapFamily family, String lockClass) {
        String simple = lockClass.substring(lockClass.lastIndexOf('.') + 1);
        return "The writing method holds a shared lock (" + simple + ") around the " + family.simpleName()
                + " call, and several threads ran it: any number of threads hold a read lock at once, so it does not"
                + " order their writes.";
    }

    public static String sharedLockAdvice() {
        return "Take the write lock (or one exclusive lock) for every call that writes the map.";
    }

    public static String perCallStateExplanation() {
        return "A set that outlives the calls (no new set per call was seen) is used as per-call state: one method "
                + "adds to it before its work and removes after, and several threads run that method. If the set is "
                + "shared, besides corrupting it (wrong or negative size), one thread's entries make another thread's "
                + "check fail spuriously. Samples cannot rule out a set kept per thread (a ThreadLocal).";
    }

    public static String perCallStateAdvice() {
        return "The state belongs to the call: allocate the set per call (or per thread) and pass it down. Making it "
                + "a synchronized or concurrent set stops the corruption but not the logic error.";
    }

    public static String stuckExplanation(MapFamily family, String method) {
        return "Threads stayed in " + method + " for the whole span while sampled: the signature of a loop in a "
                + family.simpleName() + " whose internal links a race has corrupted (a cycle in a bin or a "
                + "red-black tree). They burn CPU until the process restarts.";
    }

    public static String stuckAdvice(MapFamily family) {
        return "The map is already corrupted and stays so: restart the process to recover. Then fix the race that "
                + "corrupted it. " + forFamily(family);
    }

    /** Why threads found spinning in a burst of thread dumps are stuck for good. */
    public static String spinningExplanation(MapFamily family, String method, boolean cpuKnown) {
        return "In every thread dump of the burst these threads were RUNNABLE in " + method + ", called from the "
                + "same application frames" + (cpuKnown ? ", and used CPU between every two dumps" : "")
                + ": a loop that does not progress. That is what a " + family.simpleName() + " whose links a race "
                + "corrupted does (a cycle in a bin or in a red-black tree): the loop never ends, and each thread "
                + "that reaches the damaged bin joins it, burning a core.";
    }

    /** What to do about threads spinning in a corrupted map, and whether this JVM allows a fix in place. */
    public static String spinningAdvice(MapFamily family, boolean jdwp) {
        return "The map stays corrupted: restart the process to recover (a thread dump first, if the cause is not "
                + "known yet)." + (jdwp ? " This JVM has a JDWP agent: `maprace fix` can stop the looping threads "
                + "without a restart." : " Where the JVM runs with a JDWP agent, `maprace fix` can stop the "
                + "looping threads without a restart.") + " Then fix the race that corrupted it: " + forFamily(family);
    }

    public static String exceptionExplanation(String exceptionClass) {
        if (exceptionClass.endsWith("ClassCastException")) {
            return "A ClassCastException between HashMap$Node and HashMap$TreeNode happens only when a bin was "
                    + "treeified or untreeified by one thread while another walked it: proof of a concurrent write.";
        }
        if (exceptionClass.endsWith("ConcurrentModificationException")) {
            return "The map changed while it was being iterated. It can be another thread (a race) or the iterating "
                    + "thread itself modifying the map inside the loop.";
        }
        return "An exception from inside map code that a correctly used map never throws: its internal structure "
                + "was inconsistent when the thread read it.";
    }

    public static String cycleExplanation() {
        return "Each thread in the cycle waited for a lock held by the next one. A cycle that never resolves is a "
                + "deadlock.";
    }

    public static String cycleAdvice() {
        return "Acquire these locks in one global order, or replace nested locking with a single lock.";
    }
}
