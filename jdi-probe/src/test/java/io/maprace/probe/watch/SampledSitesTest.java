package io.maprace.probe.watch;

import com.sun.jdi.VirtualMachine;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;
import io.maprace.findings.WatchChoice;
import io.maprace.findings.WatchStats;
import io.maprace.rules.WatchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sites a flight recording would name ({@code pkg.Class.method(File.java:line)}) turned into the fields whose maps
 * are written there, on the factory-cache sample run with JDWP; the watch steered to them proves the race.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SampledSitesTest {

    private static final String FACTORY = "io.maprace.samples.singleton.Factory";

    @Test
    void theSiteOfAPutNamesItsFieldAndTheWatchSteeredThereProvesIt() throws Exception {
        int put = lineOfCall(FACTORY, "widgetFor", "put");
        int construct = lineOfCall(FACTORY, "widgetFor", "<init>");
        String putSite = FACTORY + ".widgetFor(Factory.java:" + put + ")";
        try (TargetProcess target = WatchEndToEndTest.factory()) {
            VirtualMachine vm = target.attach();
            try {
                List<SampledSites.Written> written = SampledSites.fields(vm, List.of(
                        FACTORY + ".widgetFor(Factory.java:" + construct + ")", // no map call on this line
                        "not a site", "com.nowhere.Gone.run(Gone.java:3)", putSite,
                        FACTORY + ".evict(Factory.java:" + lineOfCall(FACTORY, "evict", "remove") + ")",
                        // a get may write (an access-ordered or weak map): it names its field as well
                        FACTORY + ".widgetFor(Factory.java:" + lineOfCall(FACTORY, "widgetFor", "get") + ")"));
                assertEquals(List.of(FACTORY + "#cache"), written.stream().map(SampledSites.Written::key).toList(),
                        "one field, named once, by the first site that writes it");
                assertEquals(putSite, written.get(0).site());

                // Ahead of what a scan ranked: a field the scan did not rank is watched on every instance.
                MapSpec ranked = MapSpec.parse("com.foo.Other.MAP");
                WatchTargets.Ranked steered = WatchTargets.steer(new WatchTargets.Ranked(List.of(ranked),
                        List.of(new WatchChoice("com.foo.Other.MAP", WatchChoice.Why.SHARED, 1)), 0, 0), written, 32);
                assertEquals(List.of(new MapSpec.EveryInstance(FACTORY, "cache"), ranked), steered.specs());
                assertEquals(FACTORY + "#cache: sampled writing by several threads (flight recording) at " + putSite,
                        steered.chosen().get(0).line());
                assertEquals(1, WatchTargets.steer(steered, written, 1).specs().size(), "at most --max-fields");

                WatchOptions options = WatchEndToEndTest.options(target, List.of(), Duration.ofSeconds(15))
                        .withChosen(steered.specs().subList(0, 1), steered.chosen().subList(0, 1))
                        .withStopOnProof(true);
                try (WatchSession session = new WatchSession(vm, options, Clock.systemUTC(), WatchListener.NONE)) {
                    Report report = WatchReport.of(session.run(), "maprace test");
                    Finding f = report.findings().stream().filter(x -> x.kind() == FindingKind.UNSAFE_WRITES)
                            .findFirst().orElseThrow(() -> new AssertionError(report.findings().toString()));
                    assertEquals(Severity.PROVEN, f.severity(), f.toString());
                    assertTrue(((WatchStats) report.source().stats()).watchedBecause().get(0)
                            .contains("sampled writing by several threads"), report.source().toString());
                }
            } finally {
                vm.dispose();
            }
        }
    }

    /** The source line of the first call to {@code callee} in {@code method}, from the class's own bytecode. */
    private static int lineOfCall(String className, String method, String callee) throws Exception {
        int[] found = {-1};
        try (InputStream in = ClassLoader.getSystemResourceAsStream(className.replace('.', '/') + ".class")) {
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                    if (!name.equals(method)) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        private int line = -1;

                        @Override
                        public void visitLineNumber(int l, Label start) {
                            line = l;
                        }

                        @Override
                        public void visitMethodInsn(int op, String owner, String name, String d, boolean itf) {
                            if (name.equals(callee) && found[0] < 0) {
                                found[0] = line;
                            }
                        }
                    };
                }
            }, 0);
        }
        assertTrue(found[0] > 0, "no call to " + callee + " in " + className + "." + method);
        return found[0];
    }
}
