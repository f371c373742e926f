package io.maprace.probe.watch;

import io.maprace.probe.target.SkipReason;
import io.maprace.probe.target.ClassSkips;
import io.maprace.findings.WatchStats;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.EventRequestManager;

import io.maprace.findings.Report;
import io.maprace.probe.testapp.ClassChurnTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Site installation over the classes a real JVM has: hidden classes, lambdas, a class unloaded between the
 * listing and the scan, a class prepared while the scan runs. Each unreadable class is counted and skipped;
 * installation completes, and a class prepared meanwhile still gets its sites.
 */
@Timeout(180)
class ClassChurnSitesTest {

    private static final String FIELD = ClassChurnTarget.class.getName() + "#SHARED";
    private static final String UNLOADABLE = ClassChurnTarget.class.getName() + "$Unloadable";
    private static final String LAZY = ClassChurnTarget.class.getName() + "$Lazy";

    @Test
    void installationSkipsUnreadableClassesAndCountsThem() throws Exception {
        try (TargetProcess target = TargetProcess.start(ClassChurnTarget.class)) {
            VirtualMachine vm = target.attach();
            try {
                List<WatchedField> fields = new MapResolver(vm, new MapInspector())
                        .resolve(List.of(MapSpec.parse(FIELD)));
                assertEquals(1, fields.size());
                ClassSkips skips = new ClassSkips();
                SiteInstaller installer = new SiteInstaller(vm, fields, skips);
                try {
                    // Listed now, read after the class is gone: as when a class unloads while the scan runs.
                    List<ReferenceType> listed = vm.allClasses();
                    assertTrue(listed.stream().anyMatch(t -> t.name().equals(UNLOADABLE)), "listed: " + UNLOADABLE);
                    assertTrue(listed.stream().anyMatch(t -> t.name().contains("/0x")), "a hidden class is listed");
                    target.send("unload");
                    assertNotNull(target.awaitLine("unloaded", 30_000), () -> "not unloaded: " + target.lines());
                    installer.listenForClasses();
                    // Prepared after the listing, before the scan: only its prepare event can tell.
                    target.send("prepare");
                    installer.installIn(listed);
                    assertTrue(skips.skipped(SkipReason.UNLOADED) >= 1, () -> "skips: " + skips.byReason());
                    handlePrepares(vm, installer, LAZY);
                    assertNotNull(target.awaitLine("prepared", 30_000), () -> "not prepared: " + target.lines());

                    List<String> classes = installer.sites().stream().map(s -> s.write.className()).toList();
                    System.out.println("sites in " + classes + ", skipped " + skips.byReason());
                    assertTrue(classes.contains(LAZY), "the class prepared during the scan has its site: " + classes);
                    assertTrue(installer.sites().stream().anyMatch(s -> s.write.className()
                            .equals(ClassChurnTarget.class.getName()) && s.write.method().startsWith("lambda$")),
                            "a lambda's body has its site: " + classes);
                    assertTrue(classes.stream().noneMatch(c -> c.equals(UNLOADABLE)), classes.toString());
                } finally {
                    installer.close();
                }
                EventRequestManager erm = vm.eventRequestManager();
                assertEquals(0, erm.breakpointRequests().size(), "breakpoints left behind");
                assertEquals(0, erm.classPrepareRequests().size(), "class prepare requests left behind");
            } finally {
                vm.resume();
                vm.dispose();
            }
        }
    }

    /** Handles class prepare events (the churn's hidden classes among them) until {@code name}'s has come. */
    private static void handlePrepares(VirtualMachine vm, SiteInstaller installer, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
            EventSet set = vm.eventQueue().remove(200);
            if (set == null) {
                continue;
            }
            for (Event e : set) {
                if (e instanceof ClassPrepareEvent c) {
                    installer.prepared(c.referenceType());
                    seen |= c.referenceType().name().equals(name);
                }
            }
            set.resume();
        }
        assertTrue(seen, "no prepare event for " + name);
    }

    @Test
    void aWatchOverChurningClassesRunsToItsEnd() throws Exception {
        try (TargetProcess target = TargetProcess.start(ClassChurnTarget.class)) {
            WatchOptions o = WatchEndToEndTest.options(target, List.of(FIELD), Duration.ofSeconds(3));
            Report report = WatchEndToEndTest.watch(target, o);
            WatchStats stats = (WatchStats) report.source().stats();
            assertTrue(stats.sites() >= 3, stats.toString());
            assertTrue(stats.writes() > 0, stats.toString());
            assertTrue(report.warnings().stream().noneMatch(w -> w.code().equals("target-exited")),
                    report.warnings().toString());
        }
    }
}
