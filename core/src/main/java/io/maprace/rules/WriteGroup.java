package io.maprace.rules;

import io.maprace.events.EpochNanos;
import io.maprace.events.Frame;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.FindingKind;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.model.MapCall;
import io.maprace.model.MapFamily;
import io.maprace.model.WriteKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The sampled map calls of one application class on one family of map: samples do not say which map instance
 * a frame writes, so the methods of one class that write a HashMap ({@code get}-then-{@code put} in one,
 * {@code remove} in another) are taken as writing one field. Which threads wrote it, at which sites, and which
 * thread pairs were caught in it in the same sampling sweep.
 */
final class WriteGroup {

    /** A group's identity: the class calling the map, and the map's base family. */
    record Key(String owner, MapFamily family) {
        static Key of(MapCall c) {
            return new Key(c.site().className(), c.family().base());
        }

        // Written out, as ThreadPair's below: looked up for each map-code sample.
        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Key k && k.family == family && k.owner.equals(owner);
        }

        @Override
        public int hashCode() {
            return owner.hashCode() * 31 + family.hashCode();
        }
    }

    /** A write site and the map method it entered there. */
    record SiteEntry(String site, String entry) {
        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof SiteEntry e && e.site.equals(site) && e.entry.equals(entry);
        }

        @Override
        public int hashCode() {
            return site.hashCode() * 31 + entry.hashCode();
        }
    }

    /** Two threads, the lower id first. */
    private record ThreadPair(long lo, long hi) {
        // written out: a record's own run through method handles, slow under the C1 compiler, once per pair seen
        @Override
        public boolean equals(Object o) {
            return o instanceof ThreadPair p && p.lo == lo && p.hi == hi;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(lo) * 31 + Long.hashCode(hi);
        }
    }

    /** Two threads caught together, the lower id first, and the sweeps that caught them. */
    private static final class Pair {
        final ThreadRef first;
        final ThreadRef second;
        int periods;
        /* In nanoseconds since the epoch: an Instant is made for the finding only, not for each sweep. */
        long firstSeen = StackSample.NO_TIME;
        long lastSeen = StackSample.NO_TIME;

        Pair(ThreadRef first, ThreadRef second) {
            this.first = first;
            this.second = second;
        }

        boolean is(long lo, long hi) {
            return first.id() == lo && second.id() == hi;
        }
    }

    final String owner;
    private MapFamily family;
    final Set<String> methods = new LinkedHashSet<>();
    private final Set<String> callers = new LinkedHashSet<>();
    /**
     * Each site method's immediate callers, over every stack sampled writing ("" for none): a lock each of them
     * takes may guard the write (a {@code putWithoutLock} called under its caller's lock).
     */
    private final Map<String, Set<String>> siteCallers = new HashMap<>();
    /* Callers past this many for one site method: too many to tell, the group is not judged locked by them. */
    private static final int MAX_SITE_CALLERS = 64;
    private List<Frame> lastWriteFrames;
    private static final int MAX_NOTED_STACKS = 10_000;
    private final Map<List<Frame>, Boolean> notedStacks = new IdentityHashMap<>();
    private final Set<String> sites = new LinkedHashSet<>();
    private final Map<String, Set<String>> mapMethodsBySiteMethod = new LinkedHashMap<>();
    private final Map<SiteEntry, int[]> samplesBySite = new LinkedHashMap<>();
    private final Map<Long, ThreadRef> writers = new TreeMap<>();
    private final Map<String, Set<ThreadRef>> writersByMethod = new LinkedHashMap<>();
    /** Threads in co-sampled pairs: writers, and readers caught beside a writer. */
    private final Map<Long, ThreadRef> threads = new TreeMap<>();
    private final Map<ThreadPair, Pair> pairs = new LinkedHashMap<>();
    /* The pair found last: tried first, with no key made (sweeps of a few busy threads find the same pairs). */
    private Pair lastPair;
    /** When the group was last sampled, in nanoseconds since the epoch ({@link StackSample#NO_TIME} for never). */
    long lastNanos = StackSample.NO_TIME;
    /** Its writes in windows of a few sampling periods. */
    final WriteWindows windows = new WriteWindows();
    private boolean confirmedWrite;
    private boolean hidden;
    private boolean plain;

    WriteGroup(MapCall c) {
        this.owner = c.site().className();
        this.family = c.family();
    }

    /** The most specific family the samples showed: a LinkedHashMap's puts look like a HashMap's. */
    MapFamily family() {
        return family;
    }

    void add(ThreadRef thread, MapCall c, List<Frame> frames) {
        if (c.family() != family.base()) {
            family = c.family();
        }
        if (!c.writes()) {
            return;
        }
        if (frames != lastWriteFrames) {
            // a stack sampled again is one object: its caller is noted once per run of it
            lastWriteFrames = frames;
            noteCaller(c, frames);
        }
        SeenCall seen = seenCalls.get(c);
        if (seen == null) {
            seen = seenCalls.put(c, firstSeen(c, frames));
        }
        seen.samples[0]++;
        if (seen.knows(thread)) {
            return;
        }
        writers.putIfAbsent(thread.id(), thread);
        seen.writersOfMethod.add(thread);
    }

    /**
     * What one classified call adds to the group the first time it is sampled writing: later samples of it only
     * count, and add a thread the call has not been sampled in.
     */
    private SeenCall firstSeen(MapCall c, List<Frame> frames) {
        sites.add(c.keys().site());
        if (methods.add(c.keys().siteMethod())) {
            // The two callers below a site: where a per-call map would have been allocated.
            for (int i = c.siteIndex() + 1; i < frames.size() && i <= c.siteIndex() + 2; i++) {
                callers.add(frames.get(i).qualifiedMethod());
            }
        }
        mapMethodsBySiteMethod.computeIfAbsent(c.keys().siteMethod(), k -> new LinkedHashSet<>())
                .add(c.keys().entryMethod());
        if (c.kind() == WriteKind.WRITE) {
            confirmedWrite = true;
            plain = true;
        } else if (c.kind() == WriteKind.HIDDEN_WRITE) {
            confirmedWrite = true;
            hidden = true;
        }
        return new SeenCall(
                samplesBySite.computeIfAbsent(new SiteEntry(c.keys().site(), c.keys().entryMethod()), k -> new int[1]),
                writersByMethod.computeIfAbsent(c.keys().siteMethod(), k -> new LinkedHashSet<>()));
    }

    private final PerCall<SeenCall> seenCalls = new PerCall<>(10_000);

    /** A call's sample counter, the writers of its site method, and the thread objects already added. */
    private static final class SeenCall {
        final int[] samples;
        final Set<ThreadRef> writersOfMethod;
        private final ThreadRef[] known = new ThreadRef[8];
        private int count;

        SeenCall(int[] samples, Set<ThreadRef> writersOfMethod) {
            this.samples = samples;
            this.writersOfMethod = writersOfMethod;
        }

        /** Whether this very thread object was added before; if not, it is remembered (while there is room). */
        boolean knows(ThreadRef thread) {
            for (int i = 0; i < count; i++) {
                if (known[i] == thread) {
                    return true;
                }
            }
            if (count < known.length) {
                known[count++] = thread;
            }
            return false;
        }
    }

    /** Two threads caught in it in one sampling sweep, at a time: a moment the timeline marks. */
    record Moment(ThreadRef first, ThreadRef second, Instant time) {
    }

    /** Moments kept for the timeline; the pairs count them all. */
    private static final int MAX_MOMENTS = 500;
    private final List<Moment> moments = new ArrayList<>();

    List<Moment> moments() {
        return moments;
    }

    /** Its write sites, in the order first seen: a finding's sites. */
    List<String> sites() {
        return List.copyOf(sites);
    }

    /** A sweep caught threads {@code a} and {@code b} in the group, which was last sampled at {@code lastNanos}. */
    void pair(ThreadRef a, ThreadRef b) {
        long time = lastNanos;
        if (moments.size() < MAX_MOMENTS && time != StackSample.NO_TIME) {
            moments.add(new Moment(a, b, EpochNanos.toInstant(time)));
        }
        ThreadRef lo = a.id() < b.id() ? a : b;
        ThreadRef hi = lo == a ? b : a;
        Pair p = lastPair;
        if (p == null || !p.is(lo.id(), hi.id())) {
            ThreadPair key = new ThreadPair(lo.id(), hi.id());
            p = pairs.get(key);
            if (p == null) {
                p = new Pair(lo, hi);
                pairs.put(key, p);
                // a pair seen before put both of its threads there
                threads.putIfAbsent(lo.id(), lo);
                threads.putIfAbsent(hi.id(), hi);
            }
            lastPair = p;
        }
        p.periods++;
        if (p.firstSeen == StackSample.NO_TIME) {
            p.firstSeen = time;
        }
        p.lastSeen = time;
    }

    /** Sampling periods in which two of its threads were caught together, over every pair. */
    int periods() {
        return pairs.values().stream().mapToInt(p -> p.periods).sum();
    }

    int coSampledThreads() {
        return threads.size();
    }

    boolean confirmedWrite() {
        return confirmedWrite;
    }

    /** Threads sampled writing, by id. */
    Map<Long, ThreadRef> writers() {
        return writers;
    }

    Set<ThreadRef> writersOf(String method) {
        return writersByMethod.getOrDefault(method, Set.of());
    }

    private void noteCaller(MapCall c, List<Frame> frames) {
        // A source shares one frame list per stack: one already noted adds nothing
        if (notedStacks.size() >= MAX_NOTED_STACKS) {
            notedStacks.clear();
        }
        if (notedStacks.put(frames, Boolean.TRUE) != null) {
            return;
        }
        Set<String> callersOfSite = siteCallers.computeIfAbsent(c.keys().siteMethod(), k -> new HashSet<>());
        if (callersOfSite.size() <= MAX_SITE_CALLERS) {
            int i = c.siteIndex() + 1;
            callersOfSite.add(i < frames.size() ? frames.get(i).qualifiedMethod() : "");
        }
    }

    /**
     * Whether every method of the group was seen at an exclusive lock, itself or else each caller it was sampled
     * writing from, or only reads under a shared lock ({@code reading}): a {@code synchronized} block or a
     * {@code lock()} leaves no frame in the samples of the writes it guards, only its own waits.
     */
    boolean lockedAt(ExclusiveLocks locks, Set<String> reading) {
        for (String m : methods) {
            if (locks.at(m) || reading.contains(m)) {
                continue;
            }
            Set<String> callersOfSite = siteCallers.get(m);
            if (callersOfSite == null || callersOfSite.size() > MAX_SITE_CALLERS || !locks.allOf(callersOfSite)) {
                return false;
            }
        }
        return !methods.isEmpty();
    }

    /** Whether no other rule saw the map corrupted at its methods. */
    boolean signsAbsent(Corroboration corroboration) {
        return methods.stream().allMatch(m -> corroboration.at(m).isEmpty());
    }

    /** Samples of writes, over every site. */
    int writeSamples() {
        return samplesBySite.values().stream().mapToInt(n -> n[0]).sum();
    }

    /** Whether its methods, or their callers, allocate a map of its family: a map made where it is written. */
    boolean looksConfined(Set<WriteGroups.Allocation> allocations) {
        return methods.stream().anyMatch(m -> allocations.contains(WriteGroups.Allocation.of(family, m)))
                || callers.stream().anyMatch(m -> allocations.contains(WriteGroups.Allocation.of(family, m)));
    }

    /** Whether the methods inside a shared lock only call get-like methods (the LRU shape). */
    boolean onlyReadLookingCalls(List<Evidence.SharedLockSeen> sharedLocks) {
        return sharedLocks.stream().allMatch(l -> mapMethodsBySiteMethod.getOrDefault(l.method(), Set.of())
                .stream().allMatch(m -> m.endsWith(".get") || m.endsWith(".getOrDefault")
                        || m.startsWith("java.util.WeakHashMap.")));
    }

    /** A set that one method adds to and removes from: it holds what the calls in progress are doing. */
    boolean perCallState() {
        return family.isSet() && !addAndRemoveMethods().isEmpty();
    }

    /** Threads that ran the add-and-remove methods. */
    int perCallWriters() {
        Set<ThreadRef> ts = new HashSet<>();
        addAndRemoveMethods().forEach(m -> ts.addAll(writersOf(m)));
        return ts.size();
    }

    private List<String> addAndRemoveMethods() {
        return mapMethodsBySiteMethod.entrySet().stream().filter(e ->
                e.getValue().stream().anyMatch(m -> m.endsWith(".add"))
                        && e.getValue().stream().anyMatch(m -> m.endsWith(".remove")))
                .map(Map.Entry::getKey).toList();
    }

    /** Which kind of finding it makes: per-call state, writes by read-looking calls, or plain writes. */
    FindingKind kind(List<Evidence.SharedLockSeen> sharedLocks) {
        if (perCallState()) {
            return FindingKind.PER_CALL_STATE;
        }
        if (!plain || (!sharedLocks.isEmpty() && onlyReadLookingCalls(sharedLocks))) {
            return FindingKind.HIDDEN_WRITE;
        }
        return FindingKind.CONCURRENT_WRITERS;
    }

    /**
     * The methods inside a shared lock that only read: get-like calls, none seen writing behind the API, and none
     * of a map whose reads may write unseen ({@code LinkedHashMap}: access order; {@code WeakHashMap}: expunging).
     */
    Set<String> readingUnder(List<Evidence.SharedLockSeen> sharedLocks) {
        if (hidden || sharedLocks.isEmpty()) {
            return Set.of();
        }
        return sharedLocks.stream().map(Evidence.SharedLockSeen::method)
                .filter(m -> mapMethodsBySiteMethod.getOrDefault(m, Set.of()).stream().allMatch(c ->
                        (c.endsWith(".get") || c.endsWith(".getOrDefault"))
                                && !c.startsWith("java.util.LinkedHashMap.") && !c.startsWith("java.util.WeakHashMap.")))
                .collect(Collectors.toSet());
    }

    /** Whether a write was seen that the read-lock shape alone does not explain (a likely write under it). */
    boolean writesUnder(List<Evidence.SharedLockSeen> sharedLocks) {
        return hidden || !onlyReadLookingCalls(sharedLocks);
    }

    /** {@code com.foo.Factory.widgetFor/evict/reload}. */
    private String methodList() {
        return owner + "." + methods.stream().map(m -> m.substring(owner.length() + 1))
                .collect(Collectors.joining("/"));
    }

    /**
     * Its finding, with the texts its rule chose; the title, sites, threads and evidence are the group's.
     *
     * @param verb what was done to the map, in the title: "written"
     */
    FindingDraft finding(FindingKind kind, Severity severity, String verb, String explanation, String advice,
                         List<Evidence.SharedLockSeen> sharedLocks, List<Evidence> more) {
        List<Evidence> evidence = new ArrayList<>(sharedLocks);
        pairs.values().stream().sorted((a, b) -> Integer.compare(b.periods, a.periods))
                .forEach(p -> evidence.add(new Evidence.CoSampled(String.join(", ", sites), p.first, p.second,
                        p.periods, instant(p.firstSeen), instant(p.lastSeen))));
        samplesBySite.forEach((k, n) -> evidence.add(new Evidence.SiteSamples(k.site(), k.entry(), n[0],
                writers.size())));
        evidence.addAll(more);
        String together = threads.size() < 2 ? ""
                : ", " + threads.size() + " of them in it in the same sampling period";
        String title = family.simpleName() + " " + verb + " by " + writers.size() + " thread"
                + (writers.size() == 1 ? "" : "s") + together + ", in " + methodList();
        Map<Long, ThreadRef> involved = new TreeMap<>(writers);
        involved.putAll(threads);
        return new FindingDraft(kind, severity, title, MapRef.ofType(family.className()), List.copyOf(sites),
                List.copyOf(involved.values()), evidence, explanation, advice);
    }

    private static Instant instant(long epochNanos) {
        return epochNanos == StackSample.NO_TIME ? null : EpochNanos.toInstant(epochNanos);
    }
}
