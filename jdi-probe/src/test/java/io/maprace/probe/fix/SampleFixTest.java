package io.maprace.probe.fix;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.ReferenceType;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Suspensions;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fix} on the racy samples of the catalog, live: after the swap the map the sample races on stays intact
 * under the same threads (its fields walked with the target held), and the sample's own progress line shows the
 * symptom gone (no negative size, no stalled thread).
 */
@Timeout(180)
class SampleFixTest {

    @TempDir
    Path records;

    private static ChildJvm start(String name, String... args) throws Exception {
        return ChildJvm.startSample(Catalog.require(name), true, args);
    }

    private static AttachedVm attach(ChildJvm target) {
        return Attacher.attach(TargetSpec.parse(Long.toString(target.pid())), Duration.ofSeconds(10), Progress.NONE);
    }

    private Fixer fixer(AttachedVm session, boolean unstick) {
        return session.fixer(FixOptions.defaults().withMaxPause(Duration.ofSeconds(2)).withUnstick(unstick),
                new FixRecords(records), Progress.NONE);
    }

    private static String path(String sample) {
        return Catalog.require(sample).mapPath().orElseThrow();
    }

    @Test
    void staticSingletonCacheStopsDrifting() throws Exception {
        try (ChildJvm target = start("factory-cache", "--seconds", "120", "--threads", "3");
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session, false);
            FixResult result = fixer.apply(fixer.plan(path("factory-cache")));
            assertEquals(1, result.holdersVerified());
            ObjectReference wrapper = pathValue(session, path("factory-cache"));
            assertEquals("java.util.Collections$SynchronizedMap", wrapper.referenceType().name());
            ObjectReference map = (ObjectReference) wrapper.getValue(Fields.find(wrapper.referenceType(), "m"));
            assertIntactAfterASecond(session, target, map);
            int from = target.lines().size();
            for (int i = 0; i < 3; i++) {
                long size = fact(progressAfter(target, from, i), "size");
                assertTrue(size >= 0, "negative size after the fix: " + size);
            }
        }
    }

    @Test
    void everyRegistryEntrysCacheIsFixedThroughItsStarPath() throws Exception {
        try (ChildJvm target = start("registry-inner-maps", "--seconds", "120", "--threads", "3");
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session, false);
            String pattern = path("registry-inner-maps");
            assertTrue(pattern.contains("[*]"), pattern);
            Fixer.Batch batch = fixer.planAll(pattern);
            assertTrue(batch.plans().size() >= 3, "the three hot entries' caches at least: " + batch.plans().size());
            for (Fixer.Prepared p : batch.plans()) {
                try {
                    assertEquals(1, fixer.apply(p).holdersVerified(), p.plan().map().path());
                } catch (MapraceException e) {
                    // a worker's short-lived entry, retired and collected since the plan
                    assertTrue(Fixer.skippable(e), e::getMessage);
                }
            }
            ObjectReference entries = pathValue(session, pattern.substring(0, pattern.indexOf("[*]")));
            int hot = 0;
            for (ObjectReference entry : HeldObjects.of(entries, 1000)) {
                String name = ((com.sun.jdi.StringReference) entry.getValue(Fields.find(entry.referenceType(),
                        "name"))).value();
                if (!List.of("alpha", "beta", "gamma").contains(name)) {
                    continue; // a worker's short-lived entry
                }
                hot++;
                ObjectReference cache = (ObjectReference) entry.getValue(Fields.find(entry.referenceType(), "cache"));
                assertEquals("java.util.Collections$SynchronizedMap", cache.referenceType().name(), name);
                assertIntactAfterASecond(session, target,
                        (ObjectReference) cache.getValue(Fields.find(cache.referenceType(), "m")));
            }
            assertEquals(3, hot);
            int from = target.lines().size();
            for (int i = 0; i < 3; i++) {
                String line = progressAfter(target, from, i);
                Matcher sizes = Pattern.compile("innerSizes=([-0-9,]+)").matcher(line);
                assertTrue(sizes.find(), line);
                for (String size : sizes.group(1).split(",")) {
                    assertTrue(Long.parseLong(size) >= 0, "a negative size after the fix: " + line);
                }
            }
        }
    }

    @Test
    void spinningThreadsAreReleasedAndTheMapRebuilt() throws Exception {
        try (ChildJvm target = start("spinning-tree-bin", "--seconds", "120", "--threads", "2");
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session, false);
            assertEquals(Problem.FIX_MAP_IN_USE, assertThrows(MapraceException.class,
                    () -> fixer.apply(fixer.plan(path("spinning-tree-bin")))).problem(), "fixed without --unstick");
            Fixer unsticking = fixer(session, true);
            FixResult result = unsticking.apply(unsticking.plan(path("spinning-tree-bin")));
            assertEquals(2, result.released().size(), result::toString);
            assertTrue(result.released().stream().allMatch(FixResult.Released::left), result::toString);
            assertTrue(result.entriesRecovered() > 0, "not rebuilt: " + result);
            ObjectReference fixed = pathValue(session, path("spinning-tree-bin"));
            FixEndToEndTest.assertSynchronizedSubclassOf("java.util.HashMap", fixed);
            int now = target.lines().size();
            // the first may have begun before the fix ended: its second
            String line = progressAfter(target, now, 1);
            assertEquals(0, fact(line, "stalled"), line);
            assertTrue(fact(line, "opsPerSec") > 0, line);
            assertEquals(2, fact(line, "errors"), line);
        }
    }

    @Test
    void staticFinalWeakHashMap() throws Exception {
        try (ChildJvm target = start("weak-key-cache", "--seconds", "120", "--threads", "3");
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session, false);
            Fixer.Prepared prepared = fixer.plan(path("weak-key-cache"));
            assertEquals(FixPlan.Strategy.SYNCHRONIZED_SUBCLASS, prepared.plan().replacement().strategy());
            assertTrue(prepared.plan().holders().get(0).isStatic() && prepared.plan().holders().get(0).isFinal());
            fixer.apply(prepared);
            ObjectReference fixed = pathValue(session, path("weak-key-cache"));
            FixEndToEndTest.assertSynchronizedSubclassOf("java.util.WeakHashMap", fixed);
            assertIntactAfterASecond(session, target, fixed);
        }
    }

    @Test
    void perCallSetKeepsItsIdentityAndSaysWhatALockCannotFix() throws Exception {
        try (ChildJvm target = start("in-progress-set", "--seconds", "120", "--threads", "3");
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session, false);
            ObjectReference set = pathValue(session, path("in-progress-set"));
            Fixer.Prepared prepared = fixer.plan(path("in-progress-set"));
            assertTrue(prepared.plan().cannotFix().stream().anyMatch(s -> s.contains("per-call state")));
            fixer.apply(prepared);
            assertEquals(set, pathValue(session, path("in-progress-set")));
            ObjectReference inner = (ObjectReference) set.getValue(Fields.find(set.referenceType(), "map"));
            FixEndToEndTest.assertSynchronizedSubclassOf("java.util.HashMap", inner);
            int from = target.lines().size();
            for (int i = 0; i < 3; i++) {
                long size = fact(progressAfter(target, from, 1 + i), "size");
                assertTrue(size >= 0, "negative size after the fix: " + size);
            }
        }
    }

    @Test
    void finalLruClassIsRefusedWithItsReason() throws Exception {
        try (ChildJvm target = start("read-locked-lru", "--seconds", "120", "--threads", "2");
             AttachedVm session = attach(target)) {
            MapraceException e = assertThrows(MapraceException.class,
                    () -> fixer(session, false).plan(path("read-locked-lru")));
            assertEquals(Problem.FIX_NO_SAFE_TYPE, e.problem());
            assertTrue(e.getMessage().contains("a final class"), e.getMessage());
            assertEquals("io.maprace.samples.lru.LruMap", pathValue(session, path("read-locked-lru"))
                    .referenceType().name());
        }
    }

    private static ObjectReference pathValue(AttachedVm session, String path) {
        return PathWalk.resolve(FixEndToEndTest.vm(session), path).value();
    }

    private static void assertIntactAfterASecond(AttachedVm session, ChildJvm target, ObjectReference map)
            throws InterruptedException {
        progressAfter(target, target.lines().size());
        EntryWalk.Result r;
        try (Suspensions.Suspension s = session.suspendAll(Duration.ofSeconds(10))) {
            ReferenceType t = map.referenceType();
            r = EntryWalk.walk(map, Planner.family(t), 100_000);
        }
        assertTrue(r.complete());
        assertFalse(r.damaged(), () -> "damaged after the fix: " + r.detail());
    }

    /**
     * The {@code n}-th progress line counted from the {@code from}-th output line (0: the first progress line
     * printed after it): lines printed after a given moment only.
     */
    private static String progressAfter(ChildJvm target, int from) throws InterruptedException {
        return progressAfter(target, from, 0);
    }

    private static String progressAfter(ChildJvm target, int from, int n) throws InterruptedException {
        String[] found = new String[1];
        boolean ok = target.awaitLines(all -> {
            List<String> progress = all.subList(Math.min(from, all.size()), all.size()).stream()
                    .filter(l -> l.startsWith("progress")).toList();
            found[0] = progress.size() > n ? progress.get(n) : null;
            return found[0] != null;
        }, Duration.ofSeconds(15));
        assertTrue(ok, "no progress line from the sample: " + target.lines());
        return found[0];
    }

    private static long fact(String line, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(-?\\d+)").matcher(line);
        assertTrue(m.find(), () -> name + " not in " + line);
        return Long.parseLong(m.group(1));
    }
}
