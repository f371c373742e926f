package io.maprace.findings;

import io.maprace.events.WatchedMap;
import io.maprace.model.MapFamily;
import io.maprace.model.MapHistory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sentences findings say to users: explanations of what the evidence means and advice on what to change,
 * per map family and shape, for every source (recordings, scans, watches). Kept in one place, as JMC keeps its
 * rule texts in one {@code Messages}, so the live and post-mortem paths give the same advice.
 * <p>A little over 300 lines on purpose: it grows with the sentences, and splitting it would scatter them again.
 */
public final class Advice {

    /** The {@code .jfc} option that records lock waits from 1 ms (see {@link #JFR_START_OPTIONS}). */
    private static final String LOCKING_THRESHOLD = "locking-threshold=1ms";

    /**
     * The recording options maprace asks for, as {@code JFR.start} takes them: profile's execution samples every
     * 10 ms, and lock waits from 1 ms. Profile alone records waits over 10 ms: a map guarded by one
     * {@code synchronized} block whose waits are shorter then leaves no lock in the recording and looks unguarded.
     */
    public static final String JFR_START_OPTIONS = "settings=profile " + LOCKING_THRESHOLD;
    /** The same options given to a running JVM. */
    public static final String RECORDING_COMMAND = "jcmd <pid> JFR.start " + JFR_START_OPTIONS;
    /** The same options as {@code -XX:StartFlightRecording} takes them, {@code filename=} to be added. */
    public static final String RECORDING_OPTIONS = "settings=profile," + LOCKING_THRESHOLD;
    /** The same options on a command line. */
    public static final String RECORDING_FLAG = "-XX:StartFlightRecording:" + RECORDING_OPTIONS;

    /** What each broken invariant found by a heap scan does to the program, by check code. */
    private static final Map<String, String> CONSEQUENCES = Map.ofEntries(
            Map.entry("bin-cycle", "a get(), put() or remove() of a key that falls in the looping bin never returns: "
                    + "the calling thread spins at 100% CPU"),
            Map.entry("shared-entry", "two bins share entries: removing from one corrupts the other"),
            Map.entry("wrong-bucket", "get() of a misplaced key looks in its proper bin and returns null although the "
                    + "map holds it; a put() of it adds a duplicate"),
            Map.entry("size-mismatch", "size() and isEmpty() lie, and the map resizes at the wrong moment"),
            Map.entry("negative-size", "size() is negative: code that sizes arrays from it throws, loops that count "
                    + "on it misbehave"),
            Map.entry("no-table", "size() reports entries the map cannot return"),
            Map.entry("table-length", "the table length is not a power of two: keys land in the wrong bins"),
            Map.entry("tree-cycle", "a lookup in the tree bin walks in a circle forever"),
            Map.entry("tree-parent-cycle", "finding the tree's root never ends: every lookup in that bin hangs"),
            Map.entry("tree-parent-link", "rebalancing follows wrong parent links: later writes can loop or lose "
                    + "entries"),
            Map.entry("tree-red-red", "the red-black tree is invalid: later rebalancing can loop or lose entries"),
            Map.entry("tree-black-height", "the red-black tree is invalid: later rebalancing can loop or lose entries"),
            Map.entry("tree-root-color", "the red-black tree is invalid: later rebalancing can loop or lose entries"),
            Map.entry("tree-order", "lookups descend the wrong way and miss entries that are there"),
            Map.entry("tree-list-mismatch", "the bin's list and its tree disagree: iteration and get() see different "
                    + "entries"),
            Map.entry("tree-prev-link", "the bin's list is broken: removals can unlink the wrong entries"),
            Map.entry("order-cycle", "iterating the map, or an LRU's eviction of its eldest entry, never ends"),
            Map.entry("order-broken", "the order list is broken: iteration and eviction skip or repeat entries"),
            Map.entry("order-tail", "entries appended after the cut are invisible to iteration and never evicted: "
                    + "a bounded cache grows without bound"),
            Map.entry("order-orphan", "removed entries are still linked: they come back in iteration and eviction"),
            Map.entry("order-missing", "entries in the table are missing from the order list: an LRU never evicts "
                    + "them and the cache grows without bound"),
            Map.entry("stale-entry-leaked", "entries whose keys are gone stay forever: the map leaks and its size() "
                    + "never shrinks"),
            Map.entry("stale-entry-not-enqueued", "entries whose keys are gone stay forever: the map leaks and its "
                    + "size() never shrinks"),
            Map.entry("table-full", "a get(), put() or remove() of a missing key probes forever"),
            Map.entry("duplicate-key", "one key is stored twice: remove() leaves a copy behind"));


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

    /** Why sampled writes are likely although nothing was seen corrupted: independent kinds of evidence agree. */
    public static String agreementExplanation(List<String> kinds) {
        return "It is likely because independent kinds of evidence agree (" + String.join("; ", kinds)
                + ") and no lock was seen at these methods (no wait for one either: a recording with "
                + "locking-threshold=1ms shows short waits for a synchronized block; profile alone shows only waits "
                + "over 10 ms).";
    }

    /**
     * Why sampled writes stay a candidate: a lock was seen at their methods, or too few kinds of evidence agree.
     *
     * @param kinds    the kinds of evidence the writes have
     * @param lockSeen a method of theirs seen at a lock, and what showed it
     */
    public static String candidateExplanation(List<String> kinds, Optional<String> lockSeen) {
        if (lockSeen.isPresent()) {
            return "It stays a candidate because a lock was seen at " + lockSeen.get() + ": it may order these "
                    + "writes, which samples of the writes cannot show.";
        }
        return "It stays a candidate because " + (kinds.isEmpty() ? "no independent kind of evidence agrees"
                : "only one kind of evidence shows it (" + kinds.get(0) + ")") + ".";
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

    /** Said wherever writes were seen under a shared (read) lock, by a recording or by a watch. */
    public static String sharedLockAdvice() {
        return "Take the write lock for every call that writes this map (including hidden writes), or use a"
                + " ConcurrentHashMap.";
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

    /**
     * Said after a watch's explanation when a flight recording running beside its breakpoints sampled the same
     * sites: the samples pointed at the writes, the breakpoints saw them.
     */
    public static String alsoSampled(List<String> kinds) {
        return "The flight recording running beside the breakpoints pointed here too (" + String.join(", ", kinds)
                + "): its evidence is marked sampled, the breakpoints' proven.";
    }

    public static String cycleExplanation() {
        return "Each thread in the cycle waited for a lock held by the next one. A cycle that never resolves is a "
                + "deadlock.";
    }

    public static String cycleAdvice() {
        return "Acquire these locks in one global order, or replace nested locking with a single lock.";
    }

    // --- heap scans: corrupted and shared maps

    /** Whether a corruption check has its own consequence sentence. */
    public static boolean knowsCorruption(String check) {
        return CONSEQUENCES.containsKey(check);
    }

    public static String corruptionConsequence(String check) {
        return CONSEQUENCES.getOrDefault(check, "the map no longer behaves like a map");
    }

    public static String corruptedExplanation(String kind, List<String> checks) {
        StringBuilder sb = new StringBuilder("The internal structure of this " + kind + " is broken, which only "
                + "happens when threads write it at the same time without a common lock (or when code changes its "
                + "internals by reflection). Consequences: ");
        Set<String> said = new LinkedHashSet<>();
        for (String check : checks) {
            said.add(corruptionConsequence(check));
        }
        sb.append(String.join("; ", said)).append('.');
        return sb.toString();
    }

    public static String corruptedAdvice(String kind, boolean accessOrder) {
        return "A corrupted map does not heal: plan a restart of this JVM. Then make the map thread-safe: "
                + (accessOrder ? "an access-ordered LinkedHashMap writes on every get(), so guard every access with "
                + "one exclusive lock (a read lock is not enough), or use a concurrent cache"
                : kind.contains("Set") ? "ConcurrentHashMap.newKeySet(), or one lock around every access"
                : kind.contains("Tree") ? "ConcurrentSkipListMap, or one lock around every access"
                : kind.contains("Weak") ? "Collections.synchronizedMap around it with every access through the wrapper, "
                + "or a concurrent cache with weak keys"
                : "ConcurrentHashMap (computeIfAbsent for check-then-put), or one lock around every access")
                + ". 'maprace watch' on this map shows which threads write it.";
    }

    public static String sharedExplanation(String kind, boolean accessOrder) {
        return "This " + kind + " is not thread-safe and any thread can reach it"
                + (accessOrder ? "; it is access-ordered, so every get() rewires its order list (a write)" : "")
                + ". That alone is not a race: it is fine if it is only read after being built, or if every access "
                + "holds one common exclusive lock. Check how it is written.";
    }

    public static String sharedAdvice(String kind) {
        return "Run 'maprace watch' on it to see which threads write it and under which locks; if several write it "
                + "without one common lock, replace it with a concurrent map or guard every access.";
    }

    // --- watches: maps written by several threads

    /** The explanation and the advice of one finding. */
    public record Text(String explanation, String advice) {
    }

    /** The explanation and the advice of an unsafe-writes finding, from how the map was used while watched. */
    public static Text unsafeWrites(MapHistory h, Severity severity) {
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
                    sharedLockAdvice());
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
            return new Text(how + " The " + type + " is hidden inside " + simpleName(h.map().owner()) + ", itself a"
                    + " Map, used outside the lock that guards the structure holding it." + corrupt,
                    "Make " + simpleName(h.map().owner()) + " thread-safe (back it by a ConcurrentHashMap or"
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

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
