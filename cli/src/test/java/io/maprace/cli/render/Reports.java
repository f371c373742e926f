package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.CombinedWatchStats;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.HeldLock;
import io.maprace.findings.JfrWatchStats;
import io.maprace.findings.MapRef;
import io.maprace.findings.MapVerdict;
import io.maprace.findings.RecordingStats;
import io.maprace.findings.Report;
import io.maprace.findings.SampleCounts;
import io.maprace.findings.ScanStats;
import io.maprace.findings.WatchStats;
import io.maprace.findings.Severity;
import io.maprace.findings.Source;
import io.maprace.findings.Timeline;
import io.maprace.findings.Warning;
import io.maprace.graph.ContentionGraph;
import io.maprace.graph.ContentionGraph.Edge;
import io.maprace.graph.ContentionGraph.Kind;
import io.maprace.graph.ContentionGraph.Node;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built reports, one per source kind, shaped like what the analyzers produce: the renderers' tests read
 * them, and nothing here runs an analysis.
 */
final class Reports {

    static final String TOOL = "maprace 0.1.0-test";

    static final ThreadRef FW1 = new ThreadRef(21, "factory-worker-1");
    static final ThreadRef FW2 = new ThreadRef(22, "factory-worker-2");
    static final ThreadRef FW3 = new ThreadRef(23, "factory-worker-3");
    static final ThreadRef EXEC1 = new ThreadRef(31, "http-nio-8080-exec-1");
    static final ThreadRef EXEC2 = new ThreadRef(32, "http-nio-8080-exec-2");
    static final ThreadRef EXEC3 = new ThreadRef(33, "http-nio-8080-exec-3");
    static final ThreadRef EXEC4 = new ThreadRef(34, "http-nio-8080-exec-4");
    static final ThreadRef BATCH1 = new ThreadRef(41, "stock-batch-1");
    static final ThreadRef BATCH2 = new ThreadRef(42, "stock-batch-2");

    static final String LOOKUP_SITE = "com.acme.pricing.PriceFactory.lookup(PriceFactory.java:88)";
    static final String REGISTER_SITE = "com.acme.pricing.PriceFactory.register(PriceFactory.java:57)";
    static final String LRU_SITE = "com.acme.session.LruCache.get(LruCache.java:41)";
    /** A generated frame longer than a text line. */
    static final String LONG_FRAME = "com.acme.pricing.internal.generated.PriceFactoryLookupSupport$$Lambda$1487"
            + "/0x0000000800c4b040.apply(PriceFactoryLookupSupport.java)";
    static final String READ_LOCK = "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock";

    static final String STUCK_ADVICE = "Replace the HashMap in PriceFactory with a ConcurrentHashMap, or guard every"
            + " access with one lock. Restart the JVM: a corrupted tree bin does not repair itself.";
    static final String COSAMPLED_ADVICE = "Make PriceFactory.register atomic: use ConcurrentHashMap.computeIfAbsent"
            + " instead of containsKey followed by put.";

    private Reports() {
    }

    static Instant at(String time) {
        return Instant.parse("2024-05-02T" + time + "Z");
    }

    // ---- a recording

    /**
     * {@code maprace analyze}: a stuck-in-map finding, concurrent writers with more evidence than the text cap,
     * a hidden write, and lock contention whose two threads wait on each other (a cycle in the graph).
     */
    static Report recording() {
        MapRef hashMap = MapRef.ofType("java.util.HashMap");
        List<String> treeFrames = List.of("java.util.HashMap$TreeNode.find(HashMap.java:1983)",
                "java.util.HashMap$TreeNode.find(HashMap.java:1979)",
                "java.util.HashMap$TreeNode.putTreeVal(HashMap.java:2025)",
                "java.util.HashMap.putVal(HashMap.java:636)");
        Finding stuck = new Finding("F1", FindingKind.STUCK_IN_MAP, Severity.LIKELY,
                "3 threads spinning inside a HashMap tree bin for up to 2.96 s", hashMap, List.of(LOOKUP_SITE),
                List.of(FW1, FW2, FW3),
                List.of(new Evidence.SampleRun(FW1, at("19:59:38.172"), at("19:59:41.132"), 148, LOOKUP_SITE,
                                treeFrames),
                        new Evidence.SampleRun(FW2, at("19:59:39.020"), at("19:59:41.120"), 105, LOOKUP_SITE,
                                treeFrames.subList(2, 4)),
                        new Evidence.SampleRun(FW3, at("19:59:40.400"), at("19:59:41.100"), 35, LOOKUP_SITE,
                                List.of("java.util.HashMap$TreeNode.balanceInsertion(HashMap.java:2341)")),
                        new Evidence.ThreadDumpSeen(at("19:59:40.000"), "factory-worker-1", "RUNNABLE",
                                treeFrames),
                        new Evidence.ExceptionSeen(FW3, at("19:59:40.950"), "java.lang.ClassCastException",
                                "class java.util.HashMap$Node cannot be cast to class java.util.HashMap$TreeNode",
                                List.of("java.util.HashMap$TreeNode.moveRootToFront(HashMap.java:1986)",
                                        "java.util.HashMap$TreeNode.putTreeVal(HashMap.java:2072)",
                                        LONG_FRAME, LOOKUP_SITE))),
                "Threads that stay inside HashMap$TreeNode methods for seconds are looping in a tree bin whose"
                        + " links a race has broken. They will not come out: each one burns a core until the JVM"
                        + " restarts.",
                STUCK_ADVICE);

        List<Evidence> cosampled = new ArrayList<>();
        cosampled.add(new Evidence.SiteSamples(REGISTER_SITE, "java.util.HashMap.put", 412, 3));
        ThreadRef[][] pairs = {{FW1, FW2}, {FW1, FW3}, {FW2, FW3}};
        for (int i = 0; i < 12; i++) {
            ThreadRef[] p = pairs[i % 3];
            cosampled.add(new Evidence.CoSampled(REGISTER_SITE, p[0], p[1], 37 - i,
                    at("19:59:38.172").plusMillis(i * 100L), at("19:59:41.003").plusMillis(i * 100L)));
        }
        Finding writers = new Finding("F2", FindingKind.CONCURRENT_WRITERS, Severity.LIKELY,
                "PriceFactory.register writes one HashMap from 3 threads at the same moment", hashMap,
                List.of(REGISTER_SITE), List.of(FW1, FW2, FW3), cosampled,
                "Two threads were sampled inside this put in the same sampling period again and again. A"
                        + " HashMap written by two threads at once loses entries and can corrupt its bins.",
                COSAMPLED_ADVICE);

        Finding hidden = new Finding("F3", FindingKind.HIDDEN_WRITE, Severity.CANDIDATE,
                "LinkedHashMap.get on an access-ordered map, called by 2 threads at once",
                MapRef.ofType("java.util.LinkedHashMap"), List.of(LRU_SITE), List.of(EXEC1, EXEC2),
                List.of(new Evidence.SiteSamples(LRU_SITE, "java.util.LinkedHashMap.get", 57, 2),
                        new Evidence.CoSampled(LRU_SITE, EXEC1, EXEC2, 3, at("20:00:12.500"),
                                at("20:00:40.020"))),
                "On a LinkedHashMap created with accessOrder=true, get() moves the entry to the end of the"
                        + " list: it is a write, even under a read lock.",
                "Guard LruCache.get with the write lock, or use a cache built for concurrency.");

        Finding contention = new Finding("F4", FindingKind.LOCK_CONTENTION, Severity.CANDIDATE,
                "stock-batch-1 and stock-batch-2 wait for each other's locks", null,
                List.of("com.acme.inventory.StockLedger.reserve(StockLedger.java:120)"), List.of(BATCH1, BATCH2),
                List.of(new Evidence.LockWaits(BATCH1, BATCH2, "com.acme.inventory.StockLedger", "monitor-enter",
                                14, 2310, 402),
                        new Evidence.LockWaits(BATCH2, BATCH1, "com.acme.pricing.PriceFactory", "monitor-enter",
                                9, 1840, 377),
                        new Evidence.LockWaits(EXEC3, null,
                                "java.util.concurrent.locks.ReentrantLock$NonfairSync", "park", 3, 1204, 800)),
                "Each of the two threads blocked on a monitor the other one held: they take the two locks in"
                        + " opposite orders.",
                "Take StockLedger and PriceFactory locks in one fixed order.");

        ContentionGraph graph = new ContentionGraph(
                List.of(node(FW1), node(FW2), node(FW3), node(EXEC1), node(EXEC2),
                        new Node(EXEC3.key(), EXEC3.id(), EXEC3.name(),
                                List.of("java.util.concurrent.locks.ReentrantLock$NonfairSync (1204 ms)")),
                        node(BATCH1), node(BATCH2)),
                List.of(race(FW1, FW2, Severity.LIKELY, "java.util.HashMap", REGISTER_SITE, 146, "F2"),
                        race(FW1, FW3, Severity.LIKELY, "java.util.HashMap", REGISTER_SITE, 134, "F2"),
                        race(FW2, FW3, Severity.LIKELY, "java.util.HashMap", REGISTER_SITE, 122, "F2"),
                        race(EXEC1, EXEC2, Severity.CANDIDATE, "java.util.LinkedHashMap", LRU_SITE, 3, "F3"),
                        blocks(BATCH1, BATCH2, "com.acme.inventory.StockLedger", 14, 2310),
                        blocks(BATCH2, BATCH1, "com.acme.pricing.PriceFactory", 9, 1840)),
                List.of(List.of(BATCH1.key(), BATCH2.key())));

        Source source = new Source("recording", List.of("/var/tmp/orders-prod-3.jfr"), at("19:59:31.004"),
                at("20:01:02.880"), recordingStats(12345, 17, 48, 1203));
        return new Report(Report.SCHEMA, TOOL, source, List.of(contention, hidden, stuck, writers), graph,
                List.of(new Warning("no-thread-dumps", "Only 1 thread dump in the recording: record with"
                        + " settings=profile to get one a minute.")), recordingTimeline());
    }

    /** Lanes of the recording above: every kind of mark, with and without a finding. */
    static Timeline recordingTimeline() {
        List<String> sites = List.of(LOOKUP_SITE, REGISTER_SITE, LRU_SITE);
        Timeline.Lane fw1 = new Timeline.Lane(FW1, List.of(
                samples(at("19:59:32.000"), 1, 14, "F2"),
                samples(at("19:59:36.000"), 1, 40, "F2"),
                new Timeline.Mark(Timeline.Kind.CO_SAMPLED, at("19:59:38.172"), at("19:59:38.172"), 1, 1, "F2", null),
                new Timeline.Mark(Timeline.Kind.STUCK_RUN, at("19:59:38.172"), at("19:59:41.132"), 0, 148, "F1",
                        null)));
        Timeline.Lane fw3 = new Timeline.Lane(FW3, List.of(
                samples(at("19:59:40.000"), 0, 35, "F1"),
                new Timeline.Mark(Timeline.Kind.EXCEPTION, at("19:59:40.950"), at("19:59:40.950"), -1, 1, "F1",
                        "java.lang.ClassCastException")));
        Timeline.Lane exec1 = new Timeline.Lane(EXEC1, List.of(samples(at("20:00:12.500"), 2, 3, "F3")));
        Timeline.Lane batch1 = new Timeline.Lane(BATCH1, List.of(
                new Timeline.Mark(Timeline.Kind.LOCK_WAIT, at("20:00:20.000"), at("20:00:22.310"), -1, 1, null,
                        "com.acme.inventory.StockLedger")));
        return new Timeline(at("19:59:31.004"), at("20:01:02.880"), sites, List.of(fw1, fw3, exec1, batch1));
    }

    private static Timeline.Mark samples(Instant from, int site, int count, String finding) {
        return new Timeline.Mark(Timeline.Kind.MAP_SAMPLES, from, from.plusMillis(600), site, count, finding, null);
    }

    // ---- a live watch

    static final String SHARED_LOCK_ADVICE = "Take the write lock in LruCache.get: on an access-ordered"
            + " LinkedHashMap, get() relinks entries.";

    /**
     * {@code maprace watch}: proof of an overlap, and writes made under a shared read lock, which does not
     * exclude other writers.
     */
    static Report watch() {
        MapRef lru = new MapRef("java.util.LinkedHashMap", "com.acme.session.LruCache", "entries",
                "com.acme.session.SessionServer.CACHE.entries", 8812L);
        List<String> getStack = List.of("java.util.LinkedHashMap.afterNodeAccess(LinkedHashMap.java:300)",
                "java.util.LinkedHashMap.get(LinkedHashMap.java:446)", LRU_SITE,
                "com.acme.session.SessionFilter.doFilter(SessionFilter.java:77)",
                "org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:193)");
        List<HeldLock> readLock = List.of(new HeldLock(READ_LOCK, "6021", HeldLock.Mode.SHARED));
        Evidence.ObservedWrite held = new Evidence.ObservedWrite(EXEC1, at("20:14:03.101"), "get", getStack,
                readLock);
        Evidence.ObservedWrite entered = new Evidence.ObservedWrite(EXEC2, at("20:14:03.101"), "get",
                getStack.subList(1, 5), readLock);
        List<Evidence> evidence = new ArrayList<>();
        ThreadRef[] writers = {EXEC1, EXEC2, EXEC4};
        for (int i = 0; i < 10; i++) {
            evidence.add(new Evidence.ObservedWrite(writers[i % 3], at("20:14:00.000").plusMillis(i * 733L), "get",
                    getStack, readLock));
        }
        evidence.add(new Evidence.Overlap(held, entered, 412));
        Finding unsafe = new Finding("F1", FindingKind.UNSAFE_WRITES, Severity.PROVEN,
                "SessionServer.CACHE.entries written by 3 threads at once under a shared read lock", lru,
                List.of(LRU_SITE), List.of(EXEC1, EXEC2, EXEC4), evidence,
                "http-nio-8080-exec-2 entered LinkedHashMap.get while http-nio-8080-exec-1 was inside it. Both"
                        + " held the read lock of a ReentrantReadWriteLock, which many threads hold at once.",
                SHARED_LOCK_ADVICE);

        MapRef attrs = new MapRef("java.util.HashMap", "com.acme.session.SessionServer", "ATTRS",
                "com.acme.session.SessionServer.ATTRS", 9100L);
        Finding shared = new Finding("F2", FindingKind.SHARED_MAP, Severity.CANDIDATE,
                "SessionServer.ATTRS is reachable from a static field and written without a lock", attrs,
                List.of("com.acme.session.SessionServer.setAttr(SessionServer.java:210)"), List.of(EXEC3),
                List.of(new Evidence.Sharing("reachable from static field com.acme.session.SessionServer.ATTRS",
                                List.of("http-nio-8080-exec-3", "session-reaper")),
                        new Evidence.ObservedWrite(EXEC3, at("20:14:31.870"), "put",
                                List.of("java.util.HashMap.put(HashMap.java:610)",
                                        "com.acme.session.SessionServer.setAttr(SessionServer.java:210)"),
                                List.of())),
                "Only one thread was seen writing it, but any thread can reach it.",
                "Confine it to one thread, or make it a ConcurrentHashMap.");

        ContentionGraph graph = new ContentionGraph(List.of(node(EXEC1), node(EXEC2), node(EXEC4)),
                List.of(race(EXEC1, EXEC2, Severity.PROVEN, lru.label(), LRU_SITE, 5, "F1"),
                        race(EXEC1, EXEC4, Severity.PROVEN, lru.label(), LRU_SITE, 4, "F1"),
                        race(EXEC2, EXEC4, Severity.PROVEN, lru.label(), LRU_SITE, 3, "F1")),
                List.of());
        WatchStats stats = watchStats(3112, 0.42, 60_000, List.of("com.acme.session.LruCache#entries",
                "com.acme.session.Registry#byName"), Map.of()).withVerdicts(List.of(
                new MapVerdict(lru.label(), "LinkedHashMap", 1, 3001, 3, Severity.PROVEN,
                        "two threads were inside it at once"),
                new MapVerdict("com.acme.session.Registry.INSTANCE.byName", "HashMap", 1, 111, 2, null,
                        "every write held monitor com.acme.session.Registry@41")));
        Source source = new Source("watch", List.of("pid 4711 (com.acme.session.SessionServer)"),
                at("20:14:00.000"), at("20:15:00.000"), stats);
        return new Report(Report.SCHEMA, TOOL, source, List.of(shared, unsafe), graph, List.of());
    }

    // ---- a watch with a flight recording beside its breakpoints

    /**
     * {@code maprace watch --evidence both}: the watch's proof joined by the recording's co-sampled writers at the
     * same site (each piece marked), and a site only the recording saw.
     */
    static Report watchBoth() {
        Report watch = watch();
        Finding proven = watch.findings().get(1);
        List<Evidence> evidence = new ArrayList<>(proven.evidence());
        evidence.add(new Evidence.CoSampled(LRU_SITE, EXEC1, EXEC2, 14, at("20:13:58.020"), at("20:14:41.310")));
        evidence.add(new Evidence.SiteSamples(LRU_SITE, "LinkedHashMap.get", 212, 3));
        Finding joined = new Finding("F1", proven.kind(), proven.severity(), proven.title(), proven.map(),
                proven.sites(), proven.threads(), evidence, proven.explanation() + " The flight recording running"
                + " beside the breakpoints pointed here too (likely hidden-write): its evidence is marked sampled,"
                + " the breakpoints' proven.", proven.advice());
        Finding sampledOnly = new Finding("F2", FindingKind.CONCURRENT_WRITERS, Severity.CANDIDATE,
                "HashMap written by 2 threads in the same sampling period in com.acme.session.Registry.add",
                MapRef.ofType("java.util.HashMap"), List.of("com.acme.session.Registry.add(Registry.java:30)"),
                List.of(BATCH1, BATCH2), List.of(new Evidence.CoSampled("com.acme.session.Registry.add(Registry.java:30)",
                        BATCH1, BATCH2, 3, at("20:14:10.000"), at("20:14:12.500"))),
                "Two threads were sampled inside writes at the same site in one sampling period.",
                "Make the map thread-safe.");
        JfrWatchStats sampled = JfrWatchStats.of("maprace-4800", "duration", 61_200, 48_210,
                new SampleCounts(5_880, 9, 10, 12, 3_020, 0, 0, 0, 1, 0));
        String steered = "com.acme.session.SessionServer.CACHE.entries: sampled writing by several threads (flight"
                + " recording) at " + LRU_SITE;
        Source source = new Source("watch-both", watch.source().inputs(), at("20:13:58.000"), at("20:15:00.000"),
                new CombinedWatchStats(sampled, (WatchStats) watch.source().stats(), List.of(steered)));
        return new Report(Report.SCHEMA, TOOL, source, List.of(joined, sampledOnly), watch.graph(), List.of());
    }

    // ---- a live scan

    /** {@code maprace scan}: a map whose tree bin is broken, found by an integrity check. */
    static Report scan() {
        MapRef byLocale = new MapRef("java.util.HashMap", "com.acme.catalog.Registry$Entry", "byLocale",
                "com.acme.catalog.Registry.INSTANCE.entries[*].byLocale", 33121L);
        Finding corrupted = new Finding("F1", FindingKind.CORRUPTED_MAP, Severity.PROVEN,
                "A HashMap in Registry$Entry.byLocale has a broken tree bin", byLocale, List.of(), List.of(),
                List.of(new Evidence.Corruption("tree-bin-red-black",
                                "bin 13: red node has a red child (java.util.HashMap$TreeNode@1f3)"),
                        new Evidence.Corruption("size-matches-entries", "size() is 17 but 19 entries are reachable"),
                        new Evidence.Sharing("reachable from static field com.acme.catalog.Registry.INSTANCE",
                                List.of("catalog-loader-1", "catalog-loader-2")),
                        new Evidence.ThreadDumpSeen(Instant.parse("2024-05-02T21:03:11.250Z"), "catalog-loader-2",
                                "RUNNABLE", List.of("java.util.HashMap$TreeNode.balanceInsertion(HashMap.java:2341)",
                                "java.util.HashMap$TreeNode.putTreeVal(HashMap.java:2060)"))),
                "The map's internal links no longer form a valid tree: a lookup can miss present keys or loop.",
                "Guard Registry$Entry.byLocale with the Registry lock, or make it a ConcurrentHashMap; restart to"
                        + " clear the damage.");
        ScanStats stats = ScanStats.measured(2210, 5120, 63, 918_433, 1310, 1204, 1, 2, 20_115, 4200, 38.4, 3,
                41.5, 12, 9.25, null, false, 0).withSharing(7, 2);
        Instant t = Instant.parse("2024-05-02T21:03:11.250Z");
        Source source = new Source("scan", List.of("pid 9001 (com.acme.catalog.CatalogService)"), t, t, stats);
        return new Report(Report.SCHEMA, TOOL, source, List.of(corrupted), ContentionGraph.EMPTY, List.of());
    }

    // ---- nothing found

    static Report empty() {
        Source source = new Source("recording", List.of("idle.jfr"), at("19:00:00.000"), at("19:00:09.800"),
                recordingStats(12345, 17, 2, 0));
        return new Report(Report.SCHEMA, TOOL, source, List.of(), ContentionGraph.EMPTY,
                List.of(new Warning("no-thread-dumps", "The recording has no jdk.ThreadDump events: record with"
                                + " settings=profile to get them."),
                        new Warning("short-recording", "The recording covers 9.8 s: record a few minutes under"
                                + " load to see races that need traffic.")));
    }

    // ---- shapes for the drawing

    /** {@code n} threads racing in a ring on one map, plus a few blocks edges: the layout's stress case. */
    static Report manyThreads(int n) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        List<ThreadRef> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ThreadRef t = new ThreadRef(100 + i, "ForkJoinPool.commonPool-worker-" + (i + 1));
            threads.add(t);
            nodes.add(node(t));
        }
        for (int i = 0; i + 1 < n; i++) {
            Severity s = Severity.values()[i % 3];
            edges.add(race(threads.get(i), threads.get(i + 1), s, "com.acme.Catalog.INDEX", "com.acme.Catalog"
                    + ".index(Catalog.java:12)", i + 1, "F1"));
        }
        for (int i = 0; i + 5 < n; i += 5) {
            edges.add(blocks(threads.get(i), threads.get(i + 5), "com.acme.Catalog", 2, 300));
        }
        Finding f = new Finding("F1", FindingKind.CONCURRENT_WRITERS, Severity.PROVEN, n + " threads write"
                + " Catalog.INDEX", MapRef.ofType("java.util.HashMap"), List.of("com.acme.Catalog.index"
                + "(Catalog.java:12)"), threads, List.of(), "explanation", "advice");
        Source source = new Source("recording", List.of("busy.jfr"), null, null, recordingStats(0, 0, 1, 0));
        return new Report(Report.SCHEMA, TOOL, source, List.of(f), new ContentionGraph(nodes, edges, List.of()),
                List.of());
    }

    /** Thread and class names an attacker controls: markup, quotes, backslashes, newlines, terminal escapes. */
    static final ThreadRef SCRIPT = new ThreadRef(66, "<script>alert(1)</script>");
    static final ThreadRef QUOTES = new ThreadRef(67, "say \"hi\" \\ to\n}digraph{ & <b>");
    static final ThreadRef ESCAPE = new ThreadRef(68, "evil\u001b[2J\u001b]0;pwned\u0007 \u202Egnp.exe");

    static Report hostile() {
        String cls = "com.evil.</style><img src=x onerror=alert(2)>Lock";
        Finding f = new Finding("F1\"><script>alert(3)</script>", FindingKind.CONCURRENT_WRITERS,
                Severity.LIKELY, "Title with <b>markup</b> & \"quotes\"",
                new MapRef("java.util.HashMap", cls, "<field>", null, null), List.of("a.B.c(<D>.java:1)"),
                List.of(SCRIPT, QUOTES, ESCAPE),
                List.of(new Evidence.CoSampled("a.B.c(<D>.java:1)", SCRIPT, QUOTES, 2, at("10:00:00.000"),
                                at("10:00:01.000")),
                        new Evidence.ObservedWrite(ESCAPE, at("10:00:00.500"), "put</td>", List.of("<frame>"),
                                List.of(new HeldLock(cls, "<1>", HeldLock.Mode.SHARED)))),
                "<iframe src=\"https://evil.example\"></iframe>", "</p><a href=\"javascript:alert(4)\">x</a>");
        String id = f.id();
        ContentionGraph graph = new ContentionGraph(List.of(node(SCRIPT), node(QUOTES), node(ESCAPE)),
                List.of(race(SCRIPT, QUOTES, Severity.LIKELY, "<map \"label\">", "a.B.c(<D>.java:1)", 2, id),
                        blocks(ESCAPE, SCRIPT, cls, 1, 20),
                        blocks(SCRIPT, ESCAPE, "\\\"{}<>", 1, 20)),
                List.of(List.of(SCRIPT.key(), ESCAPE.key())));
        Source source = new Source("<recording>", List.of("<img src=x onerror=alert(5)>.jfr"), null, null,
                watchStats(1, 1, 1000, List.of("<value>#\"f\"\u001b[2J"), Map.of("<reason> & \"why\"", 1L)));
        return new Report(Report.SCHEMA, TOOL, source, List.of(f), graph,
                List.of(new Warning("<code>", "<script>alert(6)</script>")));
    }

    /**
     * One finding carrying every evidence type, with the fields a source may leave out left out (no holder
     * recorded, no operation, no message): a new evidence type belongs here, so that the golden files draw it.
     */
    static Report everyEvidence() {
        List<String> stack = List.of("java.util.HashMap.putVal(HashMap.java:636)", REGISTER_SITE,
                "com.acme.pricing.PriceService.quote(PriceService.java:31)",
                "com.acme.pricing.PriceService.run(PriceService.java:12)");
        Evidence.ObservedWrite held = new Evidence.ObservedWrite(FW1, at("10:00:00.100"), "put", stack,
                List.of(new HeldLock("com.acme.pricing.PriceFactory", "@77", HeldLock.Mode.MONITOR)));
        Evidence.ObservedWrite entered = new Evidence.ObservedWrite(FW2, at("10:00:00.100"), null, stack,
                List.of(new HeldLock("java.util.concurrent.locks.ReentrantLock", "", HeldLock.Mode.EXCLUSIVE)));
        // Two findings, so that the text renderer's cap per finding hides none of them.
        List<Evidence> strong = List.of(
                held,
                new Evidence.CoSampled(LOOKUP_SITE, FW1, FW2, 1, at("10:00:00.000"), at("10:00:00.000")),
                new Evidence.ThreadDumpSeen(at("10:00:02.000"), "factory-worker-2", "RUNNABLE", stack),
                new Evidence.SampleRun(FW3, at("10:00:00.000"), at("10:01:10.000"), 7_000, LOOKUP_SITE, stack),
                new Evidence.ExceptionSeen(FW3, at("10:00:03.000"), "java.util.ConcurrentModificationException",
                        null, stack),
                new Evidence.ExceptionSeen(FW3, at("10:00:04.000"), "java.lang.ClassCastException",
                        "class java.util.HashMap$Node cannot be cast to class java.util.HashMap$TreeNode", stack),
                new Evidence.Corruption("bin-cycle", "bin 3 links back to itself"),
                new Evidence.Overlap(held, entered, 2_500));
        List<Evidence> weak = List.of(
                new Evidence.Sharing("reachable from static field com.acme.pricing.PriceFactory.CACHE", List.of()),
                new Evidence.LockWaits(FW1, null, "com.acme.pricing.PriceFactory", null, 3, 40, 20),
                new Evidence.LockWaits(FW2, FW1, READ_LOCK, "park", 1, 1_500, 1_500),
                new Evidence.SiteSamples(REGISTER_SITE, "java.util.HashMap.put", 12, 2),
                new Evidence.SharedLockSeen(REGISTER_SITE, READ_LOCK, 9, 4, List.of(FW1, FW2)),
                new Evidence.WriteActivity(80, 14, 3, List.of(FW1, FW2, FW3), 120, 400),
                new Evidence.TableResizes("com.acme.pricing.PriceFactory.register", 4, List.of(FW1, FW2)),
                new Evidence.SpinningThread(FW3, LOOKUP_SITE, List.of("java.util.HashMap$TreeNode.find(HashMap.java:1999)",
                        "java.util.HashMap.getNode(HashMap.java:572)"), 4, at("10:00:05.000"), at("10:00:06.200"),
                        0.97, 42.5, 180.0, 43.8, 0L),
                entered);
        Finding f1 = new Finding("F1", FindingKind.CONCURRENT_WRITERS, Severity.PROVEN,
                "PriceFactory.CACHE written by 2 threads at once", MapRef.ofType("java.util.HashMap"),
                List.of(REGISTER_SITE), List.of(FW1, FW2, FW3), strong, "Two writers.\nNo common lock.",
                COSAMPLED_ADVICE);
        Finding f2 = new Finding("F2", FindingKind.SHARED_MAP, Severity.CANDIDATE,
                "PriceFactory.CACHE is shared", new MapRef("java.util.HashMap", "com.acme.pricing.PriceFactory",
                "CACHE", null, null), List.of(REGISTER_SITE, LOOKUP_SITE), List.of(FW1, FW2), weak,
                "Any thread can reach it.", "Make it a ConcurrentHashMap.");
        Source source = new Source("watch", List.of("pid 1 (com.acme.pricing.PriceService)"), at("10:00:00.000"),
                at("23:59:59.000"), watchStats(2, 1, 86_399_000, List.of("com.acme.pricing.PriceFactory#CACHE"),
                Map.of()));
        return new Report(Report.SCHEMA, TOOL, source, List.of(f1, f2), ContentionGraph.EMPTY, List.of());
    }

    /** Every shape above by name: the source kinds, nothing found, hostile names, and 1, 2, 7 and 40 threads. */
    static Map<String, Report> all() {
        Map<String, Report> all = new LinkedHashMap<>();
        all.put("recording", recording());
        all.put("watch", watch());
        all.put("watch-both", watchBoth());
        all.put("scan", scan());
        all.put("empty", empty());
        all.put("hostile", hostile());
        for (int n : new int[]{1, 2, 7, 40}) {
            all.put("threads-" + n, manyThreads(n));
        }
        return all;
    }

    static Node node(ThreadRef t) {
        return new Node(t.key(), t.id(), t.name(), List.of());
    }

    static Edge race(ThreadRef a, ThreadRef b, Severity s, String map, String site, int count, String finding) {
        return new Edge(a.key(), b.key(), Kind.RACE, s, map, null, List.of(site), count, null, List.of(finding));
    }

    static Edge blocks(ThreadRef waiter, ThreadRef holder, String lock, int count, long millis) {
        return new Edge(waiter.key(), holder.key(), Kind.BLOCKS, null, null, lock, List.of(), count, millis,
                List.of());
    }

    /** A recording's counters, with the four a reader looks at first. */
    static RecordingStats recordingStats(long samples, int threads, int chunks, long lockWaits) {
        return RecordingStats.of(1, chunks * (1L << 20), chunks, samples * 3 + lockWaits,
                new SampleCounts(samples, threads, 20, lockWaits, 0, 0, 0, 0, 0, 0), 850);
    }

    /** A watch's counters: writes seen, the fraction of its time it watched, and what it watched. */
    static WatchStats watchStats(long writes, double watchedFraction, long durationMillis, List<String> fields,
                                 Map<String, Long> skippedBy) {
        long skipped = skippedBy.values().stream().mapToLong(Long::longValue).sum();
        return new WatchStats(0, writes, 1, 950L, durationMillis, 420, watchedFraction, 5, 1.8, 640, null, null, 12, null, 4,
                6, writes + 40, 2, 300, 5, 812, 150, 35, 0, 0, 0, 0, 0, 0, 0, 0, skipped, 0, 0, 0, 0, 0, skippedBy,
                fields, 0, List.of(), List.of());
    }
}
