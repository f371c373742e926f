package io.maprace.probe.watch.sites;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteSiteFinderTest {

    private static final String OWNER = Fixtures.class.getName();
    private static final Set<String> WATCHED = Set.of("STATIC_CACHE", "cache", "inProgress");
    private static WriteSiteFinder.Result result;

    @BeforeAll
    static void analyze() throws Exception {
        result = WriteSiteFinder.find(ClassFiles.raw(Fixtures.class),
                f -> f.owner().equals(OWNER) && WATCHED.contains(f.name()));
    }

    private static List<String> sitesIn(String method) {
        return result.sites().stream().filter(s -> s.method().equals(method))
                .map(s -> s.operation() + " " + s.kind() + " " + ReceiverExpr.text(s.map()))
                .collect(Collectors.toList());
    }

    @Test
    void nothingSkipped() {
        assertEquals(Map.of(), result.skipped());
    }

    @Test
    void directFieldWrite() {
        assertEquals(List.of("Map.put WRITE this.cache"), sitesIn("thisPut"));
    }

    @Test
    void checkThenActOnStaticField() {
        assertEquals(List.of("Map.get MAYBE_HIDDEN_WRITE Fixtures.STATIC_CACHE", "Map.put WRITE Fixtures.STATIC_CACHE"),
                sitesIn("staticCheckThenPut"));
    }

    @Test
    void mapKeptInALocalIsRecomputedFromTheField() {
        assertEquals(List.of("Map.remove WRITE this.cache"), sitesIn("viaLocal"));
    }

    @Test
    void iteratorOfAViewWritesTheMap() {
        assertEquals(List.of("keySet().iterator().remove WRITE this.cache"), sitesIn("iteratorRemove"));
    }

    @Test
    void invokedynamicInTheSameMethodDoesNotHideTheWrite() {
        assertEquals(List.of("Map.computeIfAbsent WRITE this.cache"), sitesIn("computeWithLambda"));
    }

    @Test
    void fieldOfAParameter() {
        assertEquals(List.of("Map.clear WRITE arg0.cache"), sitesIn("throughParameter"));
    }

    @Test
    void fieldChain() {
        assertEquals(List.of("Map.put WRITE this.ctx.cache"), sitesIn("chain"));
    }

    @Test
    void fieldOfALocalNeedsTheLocalVariableTable() {
        List<WriteSite> sites = result.sites().stream().filter(s -> s.method().equals("localBase")).toList();
        assertEquals(1, sites.size());
        assertEquals(List.of(new WriteSite.LocalUse(2, OWNER)), sites.get(0).locals());
    }

    @Test
    void writeInFinallyIsFoundOnBothPaths() {
        List<String> sites = sitesIn("addThenRemoveInFinally");
        assertEquals("Set.add WRITE this.inProgress", sites.get(0));
        assertEquals(List.of("Set.remove WRITE this.inProgress", "Set.remove WRITE this.inProgress"),
                sites.subList(1, sites.size()));
    }

    @Test
    void expungingReads() {
        assertEquals(List.of("Map.size EXPUNGING_READ this.cache", "Map.containsKey EXPUNGING_READ this.cache"),
                sitesIn("reads"));
    }

    @Test
    void notWatched() {
        assertTrue(sitesIn("notAFieldRead").isEmpty());
        assertTrue(sitesIn("unwatchedField").isEmpty());
    }

    @Test
    void branchesInsideTheArguments() {
        assertEquals(List.of("Map.put WRITE this.cache"), sitesIn("ternaryArgument"));
    }

    @Test
    void reassignedBaseIsStillTheSameMapThroughTheLocal() {
        // m holds other.cache read before other was cleared: the expression is recomputed from the field of the
        // parameter, which no longer holds the same value, so the site is dropped rather than misattributed.
        assertTrue(sitesIn("reassignedBeforeUse").isEmpty());
    }

    @Test
    void bytecodeIndexPointsAtTheInvoke() throws Exception {
        RawClass raw = ClassFiles.raw(Fixtures.class);
        for (WriteSite s : result.sites()) {
            byte[] code = raw.methods().stream().filter(m -> m.name().equals(s.method())
                    && m.descriptor().equals(s.methodDescriptor())).findFirst().orElseThrow().code();
            int op = code[s.bci()] & 0xff;
            assertTrue(op == 0xb6 || op == 0xb9, s + " at opcode " + op);
        }
    }

    @Test
    void wideLocalsShiftParameterSlots() {
        assertEquals(List.of("Map.put WRITE this.cache"), sitesIn("wideLocals"));
    }
}
