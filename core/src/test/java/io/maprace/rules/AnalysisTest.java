package io.maprace.rules;

import io.maprace.Stacks;
import io.maprace.events.AllocationSample;
import io.maprace.events.AllocationTimes;
import io.maprace.events.CallStack;
import io.maprace.events.EpochNanos;
import io.maprace.events.LockWait;
import io.maprace.events.ThreadRef;
import io.maprace.events.ThrownException;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Severity;
import io.maprace.findings.Timeline;
import io.maprace.graph.ContentionGraph;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.maprace.Stacks.T0;
import static io.maprace.Stacks.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalysisTest {

    static final CallStack PUT = Stacks.of("java.util.HashMap.putVal:630", "java.util.HashMap.put:610",
            "com.foo.Factory.widgetFor:31", "com.foo.Worker.run:12");
    static final CallStack OTHER = Stacks.of("com.foo.Worker.compute:40", "com.foo.Worker.run:11");
    static final CallStack SPIN = Stacks.of("java.util.HashMap.getNode:575", "java.util.HashMap.get:556",
            "com.foo.Factory.lookup:25", "com.foo.Worker.run:10");

    private final Analysis analysis = new Analysis(AnalysisSettings.defaults());

    private List<Finding> finish() {
        return analysis.finish().findings();
    }

    private static List<Finding> ofKind(List<Finding> fs, FindingKind kind) {
        return fs.stream().filter(f -> f.kind() == kind).toList();
    }

    /** Threads 1 and 2 both at the put site every period, 10 ms apart: co-sampled. */
    private void twoWritersFor(int periods) {
        analysis.samplingPeriod(Duration.ofMillis(20));
        for (int i = 0; i < periods; i++) {
            analysis.accept(sample(i * 20L, 1, PUT));
            analysis.accept(sample(i * 20L + 3, 2, PUT));
        }
    }

    @Test
    void twoThreadsAtOneWriteSiteInOnePeriodAreACandidate() {
        twoWritersFor(10);
        List<Finding> fs = ofKind(finish(), FindingKind.CONCURRENT_WRITERS);
        assertEquals(1, fs.size());
        Finding f = fs.get(0);
        assertEquals(Severity.CANDIDATE, f.severity());
        assertTrue(f.explanation().endsWith("It stays a candidate because only one kind of evidence shows it ("
                + SeverityPolicy.Kind.PACE.label() + ")."),
                f.explanation());
        assertEquals(List.of("com.foo.Factory.widgetFor(Factory.java:31)"), f.sites());
        assertEquals("java.util.HashMap", f.map().type());
        assertEquals(2, f.threads().size());
        Evidence.CoSampled co = (Evidence.CoSampled) f.evidence().get(0);
        assertTrue(co.periods() >= 10, "periods " + co.periods());
    }

    @Test
    void samplesFurtherApartThanOnePeriodAreNotCoSampled() {
        analysis.samplingPeriod(Duration.ofMillis(10));
        for (int i = 0; i < 10; i++) {
            analysis.accept(sample(i * 100L, 1, PUT));
            analysis.accept(sample(i * 100L + 50, 2, PUT));
        }
        assertTrue(ofKind(finish(), FindingKind.CONCURRENT_WRITERS).isEmpty());
    }

    @Test
    void oneWriterThreadIsNothing() {
        for (int i = 0; i < 50; i++) {
            analysis.accept(sample(i * 5L, 1, PUT));
        }
        assertTrue(finish().isEmpty());
    }

    @Test
    void writesThroughASynchronizedWrapperAreNotReported() {
        CallStack locked = Stacks.of("java.util.HashMap.put:610", "java.util.Collections$SynchronizedMap.put:2700",
                "com.foo.Factory.widgetFor:31");
        for (int i = 0; i < 20; i++) {
            analysis.accept(sample(i * 20L, 1, locked));
            analysis.accept(sample(i * 20L + 2, 2, locked));
        }
        List<Finding> fs = finish();
        assertTrue(fs.isEmpty(), fs.toString());
        assertEquals(40, analysis.finish().counts().lockedWriteSamples());
    }

    @Test
    void aMapAllocatedWhereItIsWrittenLooksConfined() {
        analysis.accept(new AllocationSample(T0, Stacks.thread(1), "java.util.HashMap",
                Stacks.of("com.foo.Factory.widgetFor:29", "com.foo.Worker.run:12")));
        twoWritersFor(10);
        assertTrue(ofKind(finish(), FindingKind.CONCURRENT_WRITERS).isEmpty());
    }

    @Test
    void theHashMapInsideANewHashSetMakesTheSetLookConfined() {
        CallStack add = Stacks.of("java.util.HashMap.putVal:630", "java.util.HashMap.put:610",
                "java.util.HashSet.add:229", "com.foo.Validator.walk:12");
        analysis.accept(new AllocationSample(T0, Stacks.thread(1), "java.util.HashMap",
                Stacks.of("java.util.HashSet.<init>:100", "com.foo.Validator.walk:5")));
        for (int i = 0; i < 10; i++) {
            analysis.accept(sample(i * 20L, 1, add));
            analysis.accept(sample(i * 20L + 2, 2, add));
        }
        assertTrue(finish().isEmpty());
    }

    /** {@code n} HashMap tables allocated by a resize in the write site's put, the array named as given. */
    private void tablesAllocatedAtTheSite(int n, String arrayType) {
        CallStack resize = Stacks.of("java.util.HashMap.resize:700", "java.util.HashMap.putVal:630",
                "java.util.HashMap.put:610", "com.foo.Factory.widgetFor:31", "com.foo.Worker.run:12");
        for (int i = 0; i < n; i++) {
            analysis.accept(new AllocationSample(T0.plusMillis(i), Stacks.thread(1), arrayType, resize));
        }
    }

    @Test
    void aFreshTableAgainAndAgainAtTheSiteMeansAMapPerCall() {
        tablesAllocatedAtTheSite(40, "[Ljava.util.HashMap$Node;");
        twoWritersFor(10);
        assertTrue(finish().isEmpty());
    }

    @Test
    void aFewResizesOfAGrowingSharedMapDoNotHideIt() {
        tablesAllocatedAtTheSite(5, "java.util.HashMap$Node[]");
        twoWritersFor(10);
        assertEquals(1, ofKind(finish(), FindingKind.CONCURRENT_WRITERS).size());
    }

    @Test
    void aStuckThreadAtTheSameMethodMakesTheWritersLikely() {
        CallStack spinAtWidget = Stacks.of("java.util.HashMap.getNode:575", "java.util.HashMap.get:556",
                "com.foo.Factory.widgetFor:30", "com.foo.Worker.run:12");
        twoWritersFor(10);
        analysis.accept(new AllocationSample(T0.plusMillis(500), Stacks.thread(8), "byte[]", OTHER));
        for (int i = 0; i < 400; i++) {
            analysis.accept(sample(1000 + i * 10L, 3, spinAtWidget));
        }
        List<Finding> fs = finish();
        Finding stuck = ofKind(fs, FindingKind.STUCK_IN_MAP).get(0);
        assertEquals(Severity.LIKELY, stuck.severity());
        assertEquals(List.of("com.foo.Factory.widgetFor(Factory.java:30)"), stuck.sites());
        Finding writers = ofKind(fs, FindingKind.CONCURRENT_WRITERS).get(0);
        assertEquals(Severity.LIKELY, writers.severity());
        assertEquals("F1", fs.get(0).id());
    }

    @Test
    void aThreadThatStaysInOneMapMethodWithoutAllocatingIsStuck() {
        for (int i = 0; i < 400; i++) {
            analysis.accept(sample(i * 10L, 7, SPIN));
        }
        // another thread allocates: the recording samples allocations
        analysis.accept(new AllocationSample(T0.plusMillis(100), Stacks.thread(8), "byte[]", OTHER));
        List<Finding> fs = ofKind(finish(), FindingKind.STUCK_IN_MAP);
        assertEquals(1, fs.size());
        Evidence.SampleRun run = (Evidence.SampleRun) fs.get(0).evidence().get(0);
        assertEquals(400, run.samples());
        assertEquals(Duration.ofMillis(3990), Duration.between(run.from(), run.to()));
    }

    @Test
    void aBusyLoopThatAllocatesIsNotStuck() {
        for (int i = 0; i < 400; i++) {
            analysis.accept(sample(i * 10L, 7, SPIN));
            if (i % 50 == 0) {
                analysis.accept(new AllocationSample(T0.plusMillis(i * 10L + 1), Stacks.thread(7),
                        "java.lang.Integer", Stacks.of("java.lang.Integer.valueOf:1", "com.foo.Worker.run:10")));
            }
        }
        assertTrue(ofKind(finish(), FindingKind.STUCK_IN_MAP).isEmpty());
    }

    /** Plain allocation samples as a batch: thread id and time (ms after T0) pairs. */
    private static AllocationTimes batch(long... idAndMillis) {
        return new AllocationTimes() {
            @Override
            public int size() {
                return idAndMillis.length / 2;
            }

            @Override
            public long threadId(int i) {
                return idAndMillis[2 * i];
            }

            @Override
            public long epochNanos(int i) {
                return EpochNanos.of(T0.plusMillis(idAndMillis[2 * i + 1]));
            }
        };
    }

    @Test
    void aBatchOfPlainAllocationsTellsABusyLoopFromAStuckThread() {
        // thread 7 spins from 0 to 3990 ms; in the batch thread 8 allocates at 100 ms, thread 7 before and after
        analysis.plainAllocations(batch(8, 100, 7, 0, 7, 5000));
        for (int i = 0; i < 400; i++) {
            analysis.accept(sample(1 + i * 10L, 7, SPIN));
        }
        analysis.accept(sample(4500, 7, OTHER));
        Analysis.Result result = analysis.finish();
        assertEquals(1, ofKind(result.findings(), FindingKind.STUCK_IN_MAP).size());
        assertEquals(3, result.counts().allocationSamples());
        // the batch's span counts in the recording's: from 0 to 5000 ms
        assertEquals(T0, result.first());
        assertEquals(T0.plusMillis(5000), result.last());

        Analysis busy = new Analysis(AnalysisSettings.defaults());
        busy.plainAllocations(batch(8, 100, 7, 2000));
        for (int i = 0; i < 400; i++) {
            busy.accept(sample(1 + i * 10L, 7, SPIN));
        }
        assertTrue(ofKind(busy.finish().findings(), FindingKind.STUCK_IN_MAP).isEmpty());
    }

    @Test
    void aRunOpenAtASegmentEndCountsTheSegmentsAllocations() {
        analysis.plainAllocations(batch(8, 100, 7, 1500));
        for (int i = 0; i < 200; i++) {
            analysis.accept(sample(1 + i * 10L, 7, SPIN));
        }
        analysis.segmentEnd();
        analysis.plainAllocations(batch(8, 2100));
        for (int i = 200; i < 400; i++) {
            analysis.accept(sample(1 + i * 10L, 7, SPIN));
        }
        assertTrue(ofKind(finish(), FindingKind.STUCK_IN_MAP).isEmpty());
    }

    @Test
    void withoutAllocationSamplingARunMustBeThreeTimesLonger() {
        for (int i = 0; i < 400; i++) {
            analysis.accept(sample(i * 10L, 7, SPIN));
        }
        assertTrue(ofKind(finish(), FindingKind.STUCK_IN_MAP).isEmpty());
        Analysis longer = new Analysis(AnalysisSettings.defaults());
        for (int i = 0; i < 1000; i++) {
            longer.accept(sample(i * 10L, 7, SPIN));
        }
        assertEquals(1, ofKind(longer.finish().findings(), FindingKind.STUCK_IN_MAP).size());
    }

    @Test
    void leavingTheMapEndsARun() {
        for (int i = 0; i < 400; i++) {
            analysis.accept(sample(i * 10L, 7, i % 100 == 99 ? OTHER : SPIN));
        }
        analysis.accept(new AllocationSample(T0, Stacks.thread(8), "byte[]", OTHER));
        assertTrue(ofKind(finish(), FindingKind.STUCK_IN_MAP).isEmpty());
    }

    @Test
    void perCallSetStateIsItsOwnKind() {
        CallStack add = Stacks.of("java.util.HashMap.putVal:630", "java.util.HashMap.put:610",
                "java.util.HashSet.add:229", "com.foo.Context.process:12");
        CallStack remove = Stacks.of("java.util.HashMap.removeNode:800", "java.util.HashMap.remove:790",
                "java.util.HashSet.remove:250", "com.foo.Context.process:18");
        for (int i = 0; i < 10; i++) {
            analysis.accept(sample(i * 20L, 1, add));
            analysis.accept(sample(i * 20L + 2, 2, remove));
        }
        Finding f = ofKind(finish(), FindingKind.PER_CALL_STATE).get(0);
        assertEquals(2, f.sites().size());
        assertTrue(f.advice().contains("per call"));
    }

    @Test
    void accessOrderedGetsAreHiddenWrites() {
        CallStack get = Stacks.of("java.util.LinkedHashMap.afterNodeAccess:300", "java.util.LinkedHashMap.get:440",
                "com.foo.Lru.lookup:17");
        for (int i = 0; i < 10; i++) {
            analysis.accept(sample(i * 20L, 1, get));
            analysis.accept(sample(i * 20L + 2, 2, get));
        }
        Finding f = ofKind(finish(), FindingKind.HIDDEN_WRITE).get(0);
        assertEquals("java.util.LinkedHashMap", f.map().type());
        assertTrue(f.explanation().contains("access-ordered"));
    }

    @Test
    void plainLinkedHashMapGetsAloneAreNotWrites() {
        CallStack get = Stacks.of("java.util.HashMap.getNode:570", "java.util.LinkedHashMap.get:439",
                "com.foo.Index.lookup:17");
        for (int i = 0; i < 10; i++) {
            analysis.accept(sample(i * 20L, 1, get));
            analysis.accept(sample(i * 20L + 2, 2, get));
        }
        assertTrue(finish().isEmpty());
    }

    @Test
    void treeNodeClassCastIsProof() {
        CallStack thrown = Stacks.of("java.lang.ClassCastException.<init>:1", "java.lang.Throwable.<init>:2",
                "java.util.HashMap$TreeNode.putTreeVal:2010", "java.util.HashMap.putVal:640",
                "java.util.HashMap.put:610", "com.foo.Factory.widgetFor:31");
        analysis.accept(new ThrownException(T0, Stacks.thread(4), "java.lang.ClassCastException",
                "class java.util.HashMap$Node cannot be cast to class java.util.HashMap$TreeNode", thrown));
        Finding f = ofKind(finish(), FindingKind.MAP_EXCEPTION).get(0);
        assertEquals(Severity.PROVEN, f.severity());
        assertEquals(List.of("com.foo.Factory.widgetFor(Factory.java:31)"), f.sites());
    }

    @Test
    void exceptionsOutsideMapCodeAreIgnored() {
        analysis.accept(new ThrownException(T0, Stacks.thread(4), "java.lang.NullPointerException", null,
                Stacks.of("java.lang.NullPointerException.<init>:1", "com.foo.A.b:3")));
        assertTrue(finish().isEmpty());
    }

    /** Threads 1..n at the put site every period for {@code periods}, and once elsewhere each period. */
    private void writersEveryPeriod(int threads, int periods) {
        analysis.samplingPeriod(Duration.ofMillis(20));
        for (int i = 0; i < periods; i++) {
            for (int t = 1; t <= threads; t++) {
                analysis.accept(sample(i * 20L + t, t, i % 2 == 0 ? PUT : OTHER));
            }
        }
    }

    @Test
    void manyThreadsWritingOftenWithNoLockAreLikely() {
        writersEveryPeriod(4, 100);
        List<Finding> fs = ofKind(finish(), FindingKind.CONCURRENT_WRITERS);
        assertEquals(1, fs.size(), fs.toString());
        assertEquals(Severity.LIKELY, fs.get(0).severity(), "timing and pace agree, no lock seen");
        Evidence.WriteActivity a = fs.get(0).evidence().stream().filter(Evidence.WriteActivity.class::isInstance)
                .map(Evidence.WriteActivity.class::cast).findFirst().orElseThrow();
        assertEquals(80, a.windowMillis());
        assertTrue(a.windows() >= SeverityPolicy.MIN_NEARBY_WINDOWS, a.toString());
        assertEquals(4, a.mostThreads());
        assertEquals(200, a.writeSamples());
        assertEquals(400, a.threadSamples());
    }

    @Test
    void aLockWaitAtOneOfTheWriteMethodsKeepsTheSameWritesACandidate() {
        analysis.accept(new LockWait(LockWait.Kind.PARK, T0, Duration.ofMillis(30), Stacks.thread(1), null,
                "java.util.concurrent.locks.ReentrantLock$NonfairSync", 0, Stacks.of(
                        "jdk.internal.misc.Unsafe.park:-1", "java.util.concurrent.locks.LockSupport.park:211",
                        "com.foo.Factory.widgetFor:30", "com.foo.Worker.run:12")));
        writersEveryPeriod(4, 100);
        // another write method of the class, where no lock was seen: the group is not all locked
        CallStack evict = Stacks.of("java.util.HashMap.remove:800", "com.foo.Factory.evict:40",
                "com.foo.Worker.run:13");
        analysis.accept(sample(5_000, 1, evict));
        analysis.accept(sample(5_001, 2, evict));
        List<Finding> fs = ofKind(finish(), FindingKind.CONCURRENT_WRITERS);
        assertEquals(1, fs.size(), fs.toString());
        assertEquals(Severity.CANDIDATE, fs.get(0).severity());
        // and says which lock, so that whoever reads it can tell a lock around the writes from one beside them
        assertTrue(fs.get(0).explanation().contains("a lock was seen at com.foo.Factory.widgetFor (parked on "
                + "java.util.concurrent.locks.ReentrantLock$NonfairSync)"), fs.get(0).explanation());
    }

    @Test
    void monitorWaitsAtEveryWriteMethodMeanASynchronizedBlockNotARace() {
        // synchronized (LOCK) { map.put(...) } leaves no frame in the samples: only the waits show the lock
        analysis.accept(new LockWait(LockWait.Kind.MONITOR_ENTER, T0, Duration.ofMillis(15), Stacks.thread(2),
                Stacks.thread(1), "java.lang.Object", 7, Stacks.of("com.foo.Factory.widgetFor:30",
                        "com.foo.Worker.run:12")));
        writersEveryPeriod(4, 100);
        Analysis.Result r = analysis.finish();
        assertTrue(ofKind(r.findings(), FindingKind.CONCURRENT_WRITERS).isEmpty(), r.findings().toString());
        assertEquals(1, r.counts().sitesThatLookedLocked());
    }

    /** Threads 1 to {@code threads} sampled each period of 20 ms, at the stack {@code at} gives (period, thread). */
    private void everyPeriod(int periods, int threads, java.util.function.BiFunction<Integer, Integer, CallStack> at) {
        analysis.samplingPeriod(Duration.ofMillis(20));
        for (int i = 0; i < periods; i++) {
            for (int t = 1; t <= threads; t++) {
                analysis.accept(sample(i * 20L + t, t, at.apply(i, t)));
            }
        }
    }

    /** A wait of {@code thread} for the lock whose frames are {@code lockFrames}, taken in {@code method}. */
    private static LockWait parkedFor(long thread, String method, String... lockFrames) {
        String[] frames = new String[lockFrames.length + 4];
        frames[0] = "jdk.internal.misc.Unsafe.park:-1";
        frames[1] = "java.util.concurrent.locks.LockSupport.park:211";
        System.arraycopy(lockFrames, 0, frames, 2, lockFrames.length);
        frames[lockFrames.length + 2] = method + ":20";
        frames[lockFrames.length + 3] = "com.foo.Worker.run:12";
        return new LockWait(LockWait.Kind.PARK, T0, Duration.ofMillis(5), Stacks.thread(thread), null,
                "java.util.concurrent.locks.StampedLock", 0, Stacks.of(frames));
    }

    @Test
    void waitsForAReadLockShowAHiddenWriteUnderItWhenNoSampleFallsInTheLocksCode() {
        // hutool 5.7.14's LRU cache: get() under a StampedLock read lock relinks the entry; on a busy cache the
        // read lock is contended, its takers park, and no execution sample lands in the lock's own code
        CallStack get = Stacks.of("java.util.LinkedHashMap.afterNodeAccess:300", "java.util.LinkedHashMap.get:440",
                "com.foo.Lru.get:21", "com.foo.Worker.run:12");
        everyPeriod(20, 4, (i, t) -> get);
        for (int n = 0; n < 20; n++) {
            for (int t = 1; t <= 4; t++) {
                analysis.accept(parkedFor(t, "com.foo.Lru.get", "java.util.concurrent.locks.StampedLock.acquireRead:1",
                        "java.util.concurrent.locks.StampedLock.readLock:2"));
            }
        }
        analysis.accept(parkedFor(1, "com.foo.Lru.put", "java.util.concurrent.locks.StampedLock.acquireWrite:1",
                "java.util.concurrent.locks.StampedLock.writeLock:2"));
        Analysis.Result r = analysis.finish();
        List<Finding> fs = ofKind(r.findings(), FindingKind.HIDDEN_WRITE);
        assertEquals(1, fs.size(), r.findings().toString());
        assertEquals(Severity.LIKELY, fs.get(0).severity());
        Evidence.SharedLockSeen lock = fs.get(0).evidence().stream()
                .filter(Evidence.SharedLockSeen.class::isInstance).map(Evidence.SharedLockSeen.class::cast)
                .findFirst().orElseThrow();
        assertEquals("com.foo.Lru.get", lock.method());
        assertEquals(0, lock.samples());
        assertEquals(80, lock.waits());
        assertEquals(4, lock.threads().size());
        assertEquals(0, r.counts().sitesThatLookedLocked());
    }

    @Test
    void readsUnderTheReadLockAndWritesUnderTheWriteLockAreNoRace() {
        // the correct use of a ReentrantReadWriteLock around a plain HashMap (the write-lock-writers sample)
        CallStack count = Stacks.of("java.util.HashMap.getNode:570", "java.util.HashMap.get:556",
                "com.foo.Counts.count:30", "com.foo.Worker.run:12");
        CallStack record = Stacks.of("java.util.HashMap.putVal:630", "java.util.HashMap.put:610",
                "com.foo.Counts.record:20", "com.foo.Worker.run:11");
        everyPeriod(100, 4, (i, t) -> (i + t) % 2 == 0 ? record : count);
        for (int t = 1; t <= 4; t++) {
            analysis.accept(parkedFor(t, "com.foo.Counts.count",
                    "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquireShared:1",
                    "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock.lock:2"));
            analysis.accept(parkedFor(t, "com.foo.Counts.record",
                    "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire:1",
                    "java.util.concurrent.locks.ReentrantReadWriteLock$WriteLock.lock:2"));
        }
        Analysis.Result r = analysis.finish();
        assertTrue(r.findings().isEmpty(), r.findings().toString());
        assertEquals(1, r.counts().sitesThatLookedLocked());
    }

    @Test
    void writesUnderTheReadLockAreNotLockedByIt() {
        // the same class writing under the read lock by mistake: the read lock's waits are no exclusive lock
        CallStack record = Stacks.of("java.util.HashMap.putVal:630", "java.util.HashMap.put:610",
                "com.foo.Counts.record:20", "com.foo.Worker.run:11");
        everyPeriod(100, 4, (i, t) -> i % 2 == 0 ? record : OTHER);
        for (int t = 1; t <= 4; t++) {
            analysis.accept(parkedFor(t, "com.foo.Counts.record",
                    "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquireShared:1",
                    "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock.lock:2"));
        }
        Analysis.Result r = analysis.finish();
        assertEquals(0, r.counts().sitesThatLookedLocked());
        List<Finding> fs = r.findings().stream().filter(f -> f.kind() == FindingKind.CONCURRENT_WRITERS
                || f.kind() == FindingKind.HIDDEN_WRITE).toList();
        assertEquals(1, fs.size(), r.findings().toString());
        assertEquals(Severity.LIKELY, fs.get(0).severity());
    }

    /** Threads 1-4 each period at {@code Cache.putWithoutLock}, called from {@code caller}. */
    private static void writesCalledFrom(Analysis analysis, String caller, int from, int periods) {
        CallStack put = Stacks.of("java.util.HashMap.putVal:630", "java.util.HashMap.put:610",
                "com.foo.Cache.putWithoutLock:87", caller, "com.foo.Worker.run:12");
        analysis.samplingPeriod(Duration.ofMillis(20));
        for (int i = from; i < from + periods; i++) {
            for (int t = 1; t <= 4; t++) {
                analysis.accept(sample(i * 20L + t, t, i % 2 == 0 ? put : OTHER));
            }
        }
    }

    private static LockWait parkedIn(String method) {
        return new LockWait(LockWait.Kind.PARK, T0, Duration.ofMillis(30), Stacks.thread(1), null,
                "java.util.concurrent.locks.ReentrantLock$NonfairSync", 0, Stacks.of(
                        "jdk.internal.misc.Unsafe.park:-1", "java.util.concurrent.locks.LockSupport.park:211",
                        "java.util.concurrent.locks.ReentrantLock.lock:322", method + ":28",
                        "com.foo.Worker.run:12"));
    }

    @Test
    void writesOfAMethodCalledUnderItsCallersLockAreNoRace() {
        // hutool's ReentrantCache.put: lock.lock(); putWithoutLock(...); the lock's frames are the caller's
        analysis.accept(parkedIn("com.foo.Cache.put"));
        writesCalledFrom(analysis, "com.foo.Cache.put:28", 0, 100);
        Analysis.Result r = analysis.finish();
        assertTrue(ofKind(r.findings(), FindingKind.CONCURRENT_WRITERS).isEmpty(), r.findings().toString());
        assertEquals(1, r.counts().sitesThatLookedLocked());

        // the same writes reached from a caller where no lock was seen as well: a race still
        Analysis other = new Analysis(AnalysisSettings.defaults());
        other.accept(parkedIn("com.foo.Cache.put"));
        writesCalledFrom(other, "com.foo.Cache.put:28", 0, 50);
        writesCalledFrom(other, "com.foo.Cache.putAll:40", 50, 50);
        assertEquals(1, ofKind(other.finish().findings(), FindingKind.CONCURRENT_WRITERS).size());
    }

    @Test
    void aLockInsideTheMapsOwnCodeIsNoLockEvidence() {
        // WeakHashMap.expungeStaleEntries polls its ReferenceQueue, which takes the queue's monitor
        analysis.accept(new LockWait(LockWait.Kind.MONITOR_ENTER, T0, Duration.ofMillis(15), Stacks.thread(2),
                Stacks.thread(1), "java.lang.ref.ReferenceQueue$Lock", 7, Stacks.of(
                        "java.lang.ref.ReferenceQueue.poll:120", "java.util.WeakHashMap.expungeStaleEntries:330",
                        "java.util.WeakHashMap.getTable:360", "java.util.WeakHashMap.put:460",
                        "com.foo.Factory.widgetFor:31", "com.foo.Worker.run:12")));
        writersEveryPeriod(4, 100);
        assertEquals(Severity.LIKELY, ofKind(finish(), FindingKind.CONCURRENT_WRITERS).get(0).severity());
    }

    @Test
    void tablesResizedByTwoThreadsAtTheSiteAddAKindOfEvidence() {
        CallStack resize = Stacks.of("java.util.HashMap.resize:700", "java.util.HashMap.putVal:630",
                "java.util.HashMap.put:610", "com.foo.Factory.widgetFor:31", "com.foo.Worker.run:12");
        analysis.accept(new AllocationSample(T0, Stacks.thread(1), "[Ljava.util.HashMap$Node;", resize));
        analysis.accept(new AllocationSample(T0.plusMillis(5), Stacks.thread(2), "[Ljava.util.HashMap$Node;",
                resize));
        twoWritersFor(10);
        Finding f = ofKind(finish(), FindingKind.CONCURRENT_WRITERS).get(0);
        assertEquals(Severity.LIKELY, f.severity(), "resizes from two threads and the pace agree");
        Evidence.TableResizes r = f.evidence().stream().filter(Evidence.TableResizes.class::isInstance)
                .map(Evidence.TableResizes.class::cast).findFirst().orElseThrow();
        assertEquals("com.foo.Factory.widgetFor", r.site());
        assertEquals(2, r.threads().size());
    }

    @Test
    void oneKindOfEvidenceAloneStaysACandidate() {
        twoWritersFor(10);
        assertEquals(Severity.CANDIDATE, ofKind(finish(), FindingKind.CONCURRENT_WRITERS).get(0).severity());
    }

    @Test
    void theTimelineHasALanePerThreadWithItsMarksLinkedToTheFinding() {
        analysis.accept(new LockWait(LockWait.Kind.PARK, T0.plusMillis(50), Duration.ofMillis(30), Stacks.thread(2),
                null, "java.util.concurrent.locks.ReentrantLock$NonfairSync", 0, OTHER));
        writersEveryPeriod(3, 40);
        analysis.accept(sample(2_000, 9, OTHER));
        Analysis.Result r = analysis.finish();
        Finding f = ofKind(r.findings(), FindingKind.CONCURRENT_WRITERS).get(0);
        Timeline t = r.timeline();
        assertEquals(T0.plusMillis(1), t.start(), "the first sample");
        assertEquals(T0.plusMillis(2_000), t.end());
        assertEquals(List.of("com.foo.Factory.widgetFor(Factory.java:31)"), t.sites());
        assertEquals(List.of(1L, 2L, 3L), t.lanes().stream().map(l -> l.thread().id()).toList(),
                "the threads in map code; thread 9 never was");
        for (Timeline.Lane lane : t.lanes()) {
            List<Timeline.Mark> samples = lane.marks().stream()
                    .filter(m -> m.kind() == Timeline.Kind.MAP_SAMPLES).toList();
            assertEquals(20, samples.stream().mapToInt(Timeline.Mark::count).sum(), "every sample in map code");
            assertTrue(samples.stream().allMatch(m -> f.id().equals(m.finding()) && m.site() == 0));
            assertTrue(lane.marks().stream().anyMatch(m -> m.kind() == Timeline.Kind.CO_SAMPLED
                    && f.id().equals(m.finding())), "co-sampled moments");
        }
        List<Timeline.Mark> waits = t.lanes().get(1).marks().stream()
                .filter(m -> m.kind() == Timeline.Kind.LOCK_WAIT).toList();
        assertEquals(1, waits.size());
        assertEquals(T0.plusMillis(80), waits.get(0).to());
    }

    @Test
    void noEventsNoTimeline() {
        assertEquals(Timeline.EMPTY, analysis.finish().timeline());
    }

    @Test
    void lockWaitsBuildBlocksEdgesAndCycles() {
        ThreadRef a = Stacks.thread(1);
        ThreadRef b = Stacks.thread(2);
        CallStack st = Stacks.of("com.foo.Bank.transfer:10");
        analysis.accept(new LockWait(LockWait.Kind.MONITOR_ENTER, T0, Duration.ofMillis(1200), a, b, "com.foo.Account",
                1, st));
        analysis.accept(new LockWait(LockWait.Kind.MONITOR_ENTER, T0, Duration.ofMillis(700), b, a, "com.foo.Ledger",
                2, st));
        Analysis.Result r = analysis.finish();
        ContentionGraph g = r.graph();
        assertEquals(2, g.edges().stream().filter(e -> e.kind() == ContentionGraph.Kind.BLOCKS).count());
        assertEquals(1, g.cycles().size());
        assertTrue(r.findings().isEmpty(), "contention is drawn, not reported");
    }

    @Test
    void contentionOnOneLockTakenInTurnIsNoCycle() {
        ThreadRef a = Stacks.thread(1);
        ThreadRef b = Stacks.thread(2);
        CallStack st = Stacks.of("com.foo.Cache.get:10");
        analysis.accept(new LockWait(LockWait.Kind.MONITOR_ENTER, T0, Duration.ofMillis(800), a, b, "com.foo.Cache",
                7, st));
        analysis.accept(new LockWait(LockWait.Kind.MONITOR_ENTER, T0.plusSeconds(1), Duration.ofMillis(700), b, a,
                "com.foo.Cache", 7, st));
        Analysis.Result r = analysis.finish();
        assertTrue(r.graph().cycles().isEmpty());
        assertTrue(ofKind(r.findings(), FindingKind.LOCK_CYCLE).isEmpty());
    }

    @Test
    void raceFindingsBecomeRaceEdges() {
        twoWritersFor(10);
        ContentionGraph g = analysis.finish().graph();
        ContentionGraph.Edge e = g.edges().get(0);
        assertEquals(ContentionGraph.Kind.RACE, e.kind());
        assertEquals("t1", e.from());
        assertEquals("t2", e.to());
        assertEquals(List.of("F1"), e.findings());
    }
}
