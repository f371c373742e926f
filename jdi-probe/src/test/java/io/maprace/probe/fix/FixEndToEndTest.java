package io.maprace.probe.fix;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Suspensions;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.watch.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fix} on a live child JVM whose threads race on maps behind every kind of reference: the swap rewrites
 * each reference, the map stays intact under the same writers afterwards, the target goes on, and nothing is
 * left held; refusals change nothing.
 */
@Timeout(180)
class FixEndToEndTest {

    private static final String T = FixTargets.class.getName() + ".";

    @TempDir
    Path records;

    static AttachedVm attach(TargetProcess target) {
        return Attacher.attach(TargetSpec.parse(Long.toString(target.pid())), Duration.ofSeconds(10), Progress.NONE);
    }

    private Fixer fixer(AttachedVm session) {
        return session.fixer(FixOptions.defaults().withMaxPause(Duration.ofSeconds(2)), new FixRecords(records),
                Progress.NONE);
    }

    @Test
    void staticFinalMapWithTwoReferences() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class)) {
            int port = target.port();
            try (AttachedVm session = attach(target)) {
                Fixer fixer = fixer(session);
                Fixer.Prepared prepared = fixer.plan(T + "STATIC_FINAL");
                FixPlan plan = prepared.plan();
                assertEquals(List.of("STATIC_FINAL", "alias"), plan.holders().stream().map(FixPlan.Holder::field).toList());
                assertTrue(plan.holders().get(0).isFinal() && plan.holders().get(0).isStatic());
                assertEquals("java.util.Map", plan.holders().get(1).declaredType());
                FixResult result = fixer.apply(prepared);
                assertEquals(2, result.holdersVerified());
                // The checks stop threads one by one: a whole-VM suspension pins every object ID the agent holds.
                assertEquals(0, session.pauses(), "the fix suspended the whole VM");
                for (ThreadReference t : vm(session).allThreads()) {
                    assertEquals(0, t.suspendCount(), t.name() + " left suspended");
                }
                assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("checks: ")), result.notes().toString());
                assertTrue(result.writesAfter() > 0, "the writers stopped after the swap");
                ObjectReference fixed = staticValue(vm(session), "STATIC_FINAL");
                assertEquals("java.util.Collections$SynchronizedMap", fixed.referenceType().name());
                assertEquals(fixed, staticValue(vm(session), "alias"));
                assertStaysIntact(session, target,
                        (ObjectReference) fixed.getValue(Fields.find(fixed.referenceType(), "m")));
                assertEquals(FixRecord.APPLIED, new FixRecords(records).list().get(0).status());
            }
            target.assertFreeAfter(port);
        }
    }

    @Test
    void aHeapWalkFindsAReferenceInAnObjectsField() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = session.fixer(FixOptions.defaults().withMaxPause(Duration.ofSeconds(2)).withHeapRefs(true),
                    new FixRecords(records), Progress.NONE);
            Fixer.Prepared prepared = fixer.plan(T + "STATIC_FINAL");
            assertEquals(List.of("STATIC_FINAL", "alias", "kept"),
                    prepared.plan().holders().stream().map(FixPlan.Holder::field).toList());
            assertEquals("heap", prepared.plan().holders().get(2).foundBy());
            FixResult result = fixer.apply(prepared);
            assertEquals(3, result.holdersVerified());
            ObjectReference keeper = staticValue(vm(session), "KEEPER");
            assertEquals(staticValue(vm(session), "STATIC_FINAL"),
                    keeper.getValue(Fields.find(keeper.referenceType(), "kept")));
        }
    }

    @Test
    void finalInstanceFieldsOfAnOrderedMapAndASet() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            ObjectReference holder = staticValue(vm(session), "HOLDER");
            ObjectReference set = (ObjectReference) holder.getValue(Fields.find(holder.referenceType(), "set"));
            FixResult map = fixer.apply(fixer.plan(T + "HOLDER.map"));
            Fixer.Prepared setPlan = fixer.plan(T + "HOLDER.set");
            assertEquals(FixPlan.Strategy.SYNCHRONIZED_SUBCLASS, setPlan.plan().replacement().strategy());
            FixResult inSet = fixer.apply(setPlan);
            assertEquals(1, map.holdersVerified());
            assertEquals(1, inSet.holdersVerified());
            ObjectReference fixedMap = (ObjectReference) holder.getValue(Fields.find(holder.referenceType(), "map"));
            assertEquals("java.util.Collections$SynchronizedMap", fixedMap.referenceType().name());
            ObjectReference inner = (ObjectReference) fixedMap.getValue(Fields.find(fixedMap.referenceType(), "m"));
            assertEquals("java.util.LinkedHashMap", inner.referenceType().name(), "the order was not kept");
            assertEquals(set, holder.getValue(Fields.find(holder.referenceType(), "set")), "the set was replaced");
            ObjectReference setMap = (ObjectReference) set.getValue(Fields.find(set.referenceType(), "map"));
            assertSynchronizedSubclassOf("java.util.HashMap", setMap);
            assertStaysIntact(session, target, inner);
            assertStaysIntact(session, target, setMap);
        }
    }

    @Test
    void fieldDeclaredAsConcreteHashMap() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            Fixer.Prepared prepared = fixer.plan(T + "CONCRETE.map");
            assertEquals("java.util.HashMap", prepared.plan().holders().get(0).declaredType());
            assertEquals(FixPlan.Strategy.SYNCHRONIZED_SUBCLASS, prepared.plan().replacement().strategy());
            FixResult result = fixer.apply(prepared);
            assertEquals(1, result.holdersVerified());
            ObjectReference concrete = staticValue(vm(session), "CONCRETE");
            ObjectReference fixed = (ObjectReference) concrete.getValue(Fields.find(concrete.referenceType(), "map"));
            assertSynchronizedSubclassOf("java.util.HashMap", fixed);
            assertStaysIntact(session, target, fixed);
        }
    }

    @Test
    void fieldsDeclaredAsConcreteTreeMapAndIdentityHashMap() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            for (String[] field : new String[][] {{"map", "java.util.TreeMap"}, {"identity", "java.util.IdentityHashMap"}}) {
                Fixer.Prepared prepared = fixer.plan(T + "SORTED." + field[0]);
                assertEquals(field[1], prepared.plan().holders().get(0).declaredType());
                assertEquals(FixPlan.Strategy.SYNCHRONIZED_SUBCLASS, prepared.plan().replacement().strategy());
                FixResult result = fixer.apply(prepared);
                assertEquals(1, result.holdersVerified());
                ObjectReference sorted = staticValue(vm(session), "SORTED");
                ObjectReference fixed = (ObjectReference) sorted.getValue(Fields.find(sorted.referenceType(), field[0]));
                assertSynchronizedSubclassOf(field[1], fixed);
                assertTrue(result.writesAfter() > 0, "no write reached the new " + field[1]);
            }
            // The writers now write both maps without their lock: the subclass's monitor alone keeps them intact.
            long ops = target.lastOps();
            assertTrue(target.awaitProgressBeyond(ops, 5000), "the target stopped making progress");
            Thread.sleep(1000);
            ObjectReference sorted = staticValue(vm(session), "SORTED");
            for (String field : List.of("map", "identity")) {
                ObjectReference fixed = (ObjectReference) sorted.getValue(Fields.find(sorted.referenceType(), field));
                FixPlan.Health health = null;
                // A thread suspended halfway through a (synchronized) rebalance leaves a passing state; real
                // damage stays. Five looks 200 ms apart; one intact look is enough.
                for (int look = 0; look < 5 && (health == null || health.damaged()); look++) {
                    Thread.sleep(look > 0 ? 200 : 0);
                    try (Suspensions.Suspension s = session.suspendAll(Duration.ofSeconds(10))) {
                        health = Planner.audited(fixed, false, new FixPlan.Health(false, false, -1, -1, ""),
                                Duration.ofSeconds(5), Planner.AUDIT_ENTRIES).health();
                    }
                }
                FixPlan.Health last = health;
                assertFalse(last.damaged(), () -> field + " damaged after the fix: " + last.detail());
            }
        }
    }

    @Test
    void everyMapAStarPathReachesIsFixedAndEachCanBeUndone() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            Fixer.Batch batch = fixer.planAll(T + "REGISTRY[*].cache");
            assertEquals(3, batch.plans().size());
            assertEquals(3, batch.objects(), "the registry's three tenants (its String keys are no application objects)");
            List<ObjectReference> tenants = new java.util.ArrayList<>();
            for (Fixer.Prepared p : batch.plans()) {
                assertTrue(p.plan().map().path().matches(java.util.regex.Pattern.quote(T + "REGISTRY[#")
                        + "\\d\\]\\.cache"), p.plan().map().path());
                assertEquals(FixPlan.Strategy.REBUILD_AND_WRAP, p.plan().replacement().strategy());
                assertEquals(1, fixer.apply(p).holdersVerified());
            }
            ObjectReference registry = staticValue(vm(session), "REGISTRY");
            for (ObjectReference tenant : HeldObjects.of(registry, 10)) {
                ObjectReference cache = (ObjectReference) tenant.getValue(Fields.find(tenant.referenceType(), "cache"));
                assertEquals("java.util.Collections$SynchronizedMap", cache.referenceType().name());
                tenants.add(tenant);
            }
            assertEquals(3, tenants.size());
            assertEquals(new java.util.HashSet<>(tenants), new java.util.HashSet<>(HeldObjects.of(staticValue(vm(session),
                    "WRAPPED_REGISTRY"), 10)), "the registry's tenants, read through its unmodifiable wrapper");
            assertEquals(Problem.FIX_ALREADY_SAFE, refused(() -> fixer.planAll(T + "REGISTRY[*].cache")),
                    "a second fix of the same maps");

            FixRecord last = Fixer.toUndo(new FixRecords(records), null, target.pid());
            assertTrue(last.path().contains("REGISTRY[#"), last.path());
            assertEquals("undone", fixer.undo(last).action());
            long unwrapped = tenants.stream().map(t -> (ObjectReference) t.getValue(Fields.find(t.referenceType(),
                    "cache"))).filter(c -> c.referenceType().name().equals("java.util.HashMap")).count();
            assertEquals(1, unwrapped, "the undo put one tenant's own map back");
            long ops = target.lastOps();
            assertTrue(target.awaitProgressBeyond(ops, 5000), "the target stopped making progress");
        }
    }

    @Test
    void aTreeBinThatIsNoRedBlackTreeAnyMoreIsRebuilt() throws Exception {
        try (TargetProcess target = TargetProcess.startWithTestClasspath(DamagedTreeTarget.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            Fixer.Prepared prepared = fixer.plan(DamagedTreeTarget.class.getName() + ".TREE_RED_RED");
            FixPlan.Health health = prepared.plan().map().health();
            assertTrue(health.damaged() && health.detail().contains("red node with a red child"), health.toString());
            FixResult result = fixer.apply(prepared);
            assertTrue(result.entriesRecovered() > 0, result.toString());
            assertRebuiltIntact(session, "TREE_RED_RED");
        }
    }

    @Test
    void damageThePlanConfirmedInALargeMapIsNotAuditedAgainWhileItsUsersAreHeld() throws Exception {
        try (TargetProcess target = TargetProcess.startWithTestClasspath(DamagedTreeTarget.class, "large");
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            Fixer.Prepared prepared = fixer.plan(DamagedTreeTarget.class.getName() + ".LARGE_TREE_RED_RED");
            FixPlan.Health health = prepared.plan().map().health();
            assertTrue(health.damaged() && health.detail().contains("red node with a red child"), health.toString());
            assertTrue(health.sizeField() > Swapper.BARRIER_WALK_LIMIT, health.toString());
            // rebuilt inside the target while its users wait: milliseconds for 3k entries, not a JDWP walk's seconds
            assertTrue(prepared.plan().expectedPauseMillis() < 100, "expected " + prepared.plan().expectedPauseMillis());
            FixResult result = fixer.apply(prepared);
            assertTrue(result.notes().stream().anyMatch(n -> n.contains("not audited again while its users were held")),
                    result.notes().toString());
            assertEquals(health.sizeField(), result.entriesRecovered(), result.toString());
            assertRebuiltIntact(session, "LARGE_TREE_RED_RED");
        }
    }

    @Test
    void aPlanThatCouldNotReadTheMapWholeSaysWhatARebuildWouldAddToTheHold() throws Exception {
        try (TargetProcess target = TargetProcess.startWithTestClasspath(DamagedTreeTarget.class, "large");
             AttachedVm session = attach(target)) {
            FixPlan plan = fixer(session).plan(DamagedTreeTarget.class.getName() + ".LARGE_INTACT").plan();
            assertFalse(plan.map().health().checked(), plan.map().health().toString());
            assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("if the check with its users held finds it"
                    + " damaged") && n.contains("(20,000 entries)")), plan.notes().toString());
            assertTrue(plan.expectedPauseMillis() <= Replacements.WRAP_PAUSE, "an intact map is wrapped as it is");
        }
    }

    @Test
    void aCountOffThatTheHoldConfirmsIsRefusedAndOneItCannotCheckInTimeIsSaid() throws Exception {
        try (TargetProcess target = TargetProcess.startWithTestClasspath(DamagedTreeTarget.class, "sizeoff");
             AttachedVm session = attach(target)) {
            String path = DamagedTreeTarget.class.getName() + ".SIZE_OFF_TREE";
            com.sun.jdi.ReferenceType owner = vm(session).classesByName(DamagedTreeTarget.class.getName()).get(0);
            ObjectReference before = (ObjectReference) owner.getValue(owner.fieldByName("SIZE_OFF_TREE"));
            Fixer fixer = fixer(session);
            Fixer.Prepared prepared = fixer.plan(path);
            FixPlan.Health seen = prepared.plan().map().health();
            assertTrue(seen.damaged() && seen.detail().contains("size"), seen.toString());
            assertEquals(FixPlan.Strategy.SYNCHRONIZED_SUBCLASS, prepared.plan().replacement().strategy());
            // Read whole again with its users held, the count still differs: a TreeMap maprace cannot rebuild.
            assertEquals(Problem.FIX_NO_SAFE_TYPE, refused(() -> fixer.apply(prepared)));
            assertEquals(before, owner.getValue(owner.fieldByName("SIZE_OFF_TREE")), "the refusal changed the field");

            // Too large to read whole while its users are held (here: bounded to fewer entries than it has, as a
            // large map is by the time): swapped as it is, and the result says so.
            Fixer hurried = session.fixer(FixOptions.defaults().withMaxPause(Duration.ofSeconds(2))
                    .withRecheckEntries(100), new FixRecords(records), Progress.NONE);
            FixResult result = hurried.apply(hurried.plan(path));
            ObjectReference fixed = (ObjectReference) owner.getValue(owner.fieldByName("SIZE_OFF_TREE"));
            assertSynchronizedSubclassOf("java.util.TreeMap", fixed);
            assertTrue(result.notes().stream().anyMatch(n -> n.contains("could not be read whole")
                    && n.contains("neither confirmed nor ruled out")), result.notes().toString());
        }
    }

    @Test
    void aDamagedApplicationSubclassIsRebuiltAsItself() throws Exception {
        try (TargetProcess target = TargetProcess.startWithTestClasspath(DamagedTreeTarget.class, "lru");
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            Fixer.Prepared prepared = fixer.plan(DamagedTreeTarget.class.getName() + ".APP_LRU_CUT");
            assertTrue(prepared.plan().map().health().damaged(), prepared.plan().map().health().toString());
            assertEquals(FixPlan.Strategy.REBUILD_AND_WRAP, prepared.plan().replacement().strategy());
            FixResult result = fixer.apply(prepared);
            assertEquals(40, result.entriesRecovered(), result.toString());
            assertTrue(result.notes().contains("entries taken and put back inside the target, in two calls"),
                    result.notes().toString());
            assertRebuiltIntact(session, "APP_LRU_CUT");
            com.sun.jdi.ReferenceType owner = vm(session).classesByName(DamagedTreeTarget.class.getName()).get(0);
            ObjectReference wrapper = (ObjectReference) owner.getValue(owner.fieldByName("APP_LRU_CUT"));
            ObjectReference rebuilt = (ObjectReference) wrapper.getValue(Fields.find(wrapper.referenceType(), "m"));
            assertEquals(DamagedTreeTarget.Bounded.class.getName(), rebuilt.referenceType().name());
            assertEquals(64, ((com.sun.jdi.IntegerValue) rebuilt.getValue(Fields.find(rebuilt.referenceType(),
                    "maxSize"))).value(), "the subclass's own field");
            assertEquals(40, ((com.sun.jdi.IntegerValue) rebuilt.getValue(Fields.find(rebuilt.referenceType(),
                    "size"))).value());
            com.sun.jdi.ReferenceType walker = vm(session).classesByName(
                    io.maprace.probe.fix.inside.MapWalker.class.getName()).get(0);
            assertEquals(null, walker.getValue(walker.fieldByName("held")),
                    "the walker still references the entries it took");
        }
    }

    /** The field of DamagedTreeTarget now holds a wrapper around a rebuilt map the integrity checks pass. */
    private static void assertRebuiltIntact(AttachedVm session, String field) {
        com.sun.jdi.ReferenceType owner = vm(session).classesByName(DamagedTreeTarget.class.getName()).get(0);
        ObjectReference wrapper = (ObjectReference) owner.getValue(owner.fieldByName(field));
        assertEquals("java.util.Collections$SynchronizedMap", wrapper.referenceType().name());
        ObjectReference rebuilt = (ObjectReference) wrapper.getValue(Fields.find(wrapper.referenceType(), "m"));
        assertTrue(io.maprace.probe.scan.MapAudit.damaged(vm(session), List.of(new io.maprace.probe.scan.MapAudit
                .Audited(rebuilt, DamagedTreeTarget.class.getName(), field, "rebuilt")), Duration.ofSeconds(20))
                .isEmpty(), "the rebuilt map is damaged");
    }

    @Test
    void applicationLruSubclassKeepsEvicting() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            Fixer.Prepared prepared = fixer.plan(T + "LRU");
            assertEquals(FixPlan.Strategy.SYNCHRONIZED_SUBCLASS, prepared.plan().replacement().strategy());
            fixer.apply(prepared);
            ObjectReference lru = staticValue(vm(session), "LRU");
            assertSynchronizedSubclassOf(FixTargets.Lru.class.getName(), lru);
            com.sun.jdi.IntegerValue max = (com.sun.jdi.IntegerValue) lru.getValue(Fields.find(lru.referenceType(),
                    "maxSize"));
            assertEquals(50, max.value(), "the subclass's own field was not moved");
            assertTrue(((com.sun.jdi.BooleanValue) lru.getValue(Fields.find(lru.referenceType(), "accessOrder")))
                    .value(), "access order lost");
            assertStaysIntact(session, target, lru);
            // The symptom: a racing LRU stops evicting and grows past its bound. Fixed, it stays within it.
            int size = ((com.sun.jdi.IntegerValue) lru.getValue(Fields.find(lru.referenceType(), "size"))).value();
            // 51 while a (synchronized) put is between adding and evicting: the field is read without the lock.
            assertTrue(size <= 51, "the LRU holds " + size + " entries, bound 50");
        }
    }

    static void assertSynchronizedSubclassOf(String superclass, ObjectReference map) {
        com.sun.jdi.ClassType type = (com.sun.jdi.ClassType) map.referenceType();
        assertTrue(type.name().contains("MapraceSynchronized"), type.name());
        assertEquals(superclass, type.superclass().name());
        com.sun.jdi.Method put = type.concreteMethodByName("put",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;");
        assertEquals(type, put.declaringType());
        assertTrue(put.isSynchronized());
    }

    @Test
    void undoPutsTheMapBack() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            fixer.apply(fixer.plan(T + "HOLDER.map"));
            ObjectReference holder = staticValue(vm(session), "HOLDER");
            com.sun.jdi.Field field = Fields.find(holder.referenceType(), "map");
            ObjectReference wrapper = (ObjectReference) holder.getValue(field);
            ObjectReference inside = (ObjectReference) wrapper.getValue(Fields.find(wrapper.referenceType(), "m"));
            FixRecords store = new FixRecords(records);
            FixRecord record = Fixer.toUndo(store, null, target.pid());
            FixResult undone = fixer.undo(record);
            assertEquals("undone", undone.action());
            assertEquals(inside, holder.getValue(field));
            assertEquals(FixRecord.UNDONE, store.list().get(0).status());
            MapraceException again = assertThrows(MapraceException.class, () -> fixer.undo(store.list().get(0)));
            assertEquals(Problem.FIX_UNDO_IMPOSSIBLE, again.problem());
        }
    }

    @Test
    void undoOfASubclassSwapMovesTheStateBackIntoTheOriginal() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            ObjectReference concrete = staticValue(vm(session), "CONCRETE");
            com.sun.jdi.Field field = Fields.find(concrete.referenceType(), "map");
            ObjectReference original = (ObjectReference) concrete.getValue(field);
            original.disableCollection();
            fixer.apply(fixer.plan(T + "CONCRETE.map"));
            assertNotEquals(original, concrete.getValue(field));
            long ops = target.lastOps();
            assertTrue(target.awaitProgressBeyond(ops, 5000));
            FixResult undone = fixer.undo(Fixer.toUndo(new FixRecords(records), null, target.pid()));
            assertEquals(1, undone.holdersVerified());
            assertEquals(original, concrete.getValue(field), "the original object is not back");
            assertEquals("java.util.HashMap", original.referenceType().name());
            // Unsynchronized again, the map races again: only that the target goes on is checked here.
            long after = target.lastOps();
            assertTrue(target.awaitProgressBeyond(after, 5000), "the target stopped after the undo");
        }
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class)) {
            int port = target.port();
            try (AttachedVm session = attach(target)) {
                Fixer fixer = fixer(session);
                ObjectReference before = staticValue(vm(session), "FINAL_APP");
                assertEquals(Problem.FIX_NO_SAFE_TYPE, refused(() -> fixer.plan(T + "FINAL_APP.map")));
                assertEquals(Problem.FIX_ALREADY_SAFE, refused(() -> fixer.plan(T + "SAFE")));
                assertEquals(Problem.NOT_A_MAP, refused(() -> fixer.plan(T + "HOLDER")));
                assertEquals(Problem.USAGE, refused(() -> fixer.plan(T + "HOLDER.map[*].x")));
                fixer.apply(fixer.plan(T + "HOLDER.map"));
                assertEquals(Problem.FIX_ALREADY_FIXED, refused(() -> fixer.plan(T + "HOLDER.map")));
                assertEquals(before, staticValue(vm(session), "FINAL_APP"));
            }
            target.assertFreeAfter(port);
        }
    }

    @Test
    void aTargetThatExitsBeforeTheSwapLeavesNothingHalfDone() throws Exception {
        try (TargetProcess target = TargetProcess.start(FixTargets.class);
             AttachedVm session = attach(target)) {
            Fixer fixer = fixer(session);
            Fixer.Prepared prepared = fixer.plan(T + "HOLDER.map");
            target.process().destroyForcibly().waitFor();
            assertEquals(Problem.FIX_INTERRUPTED, refused(() -> fixer.apply(prepared)));
            for (FixRecord r : new FixRecords(records).list()) {
                assertFalse(r.inForce(), "a record in force for a fix that never happened: " + r.status());
            }
        }
    }

    private static Problem refused(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(MapraceException.class, e).problem();
    }

    /** The session's JDI mirror, through the one way the probe hands it out to the fix. */
    static VirtualMachine vm(AttachedVm session) {
        return session.fixer(FixOptions.defaults(), new FixRecords(Path.of("unused")), Progress.NONE).vm();
    }

    static ObjectReference staticValue(VirtualMachine vm, String field) {
        com.sun.jdi.ReferenceType t = vm.classesByName(FixTargets.class.getName()).get(0);
        return (ObjectReference) t.getValue(t.fieldByName(field));
    }

    /**
     * The symptom check: after a second more of the same racing writers, the map inside the wrapper is intact
     * (its size matches the entries reachable from its table, no cycle, no entry twice) and the target went on.
     */
    static void assertStaysIntact(AttachedVm session, TargetProcess target, ObjectReference walked)
            throws InterruptedException {
        long ops = target.lastOps();
        assertTrue(target.awaitProgressBeyond(ops, 5000), "the target stopped making progress");
        Thread.sleep(1000);
        // Suspended at a random moment, a thread may be halfway through a (synchronized) relink: that state passes,
        // real damage stays. Five looks 200 ms apart; one intact look is enough.
        EntryWalk.Result r = null;
        for (int look = 0; look < 5 && (r == null || r.damaged()); look++) {
            if (look > 0) {
                Thread.sleep(200);
            }
            try (Suspensions.Suspension s = session.suspendAll(Duration.ofSeconds(10))) {
                r = EntryWalk.walk(walked, Planner.family(walked.referenceType()), 100_000);
            }
        }
        EntryWalk.Result last = r;
        assertTrue(last.complete());
        assertFalse(last.damaged(), () -> "damaged after the fix: " + last.detail());
        assertNotEquals(0, last.entries().size());
    }
}
