package io.maprace.samples;

import io.maprace.samples.Catalog.Kind;
import io.maprace.samples.Catalog.MapRole;
import io.maprace.samples.Catalog.Sample;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every sample but the corrupt ones in this JVM for about a second: the output protocol, the worker threads,
 * and the catalog's map paths against the live objects.
 */
@Execution(ExecutionMode.CONCURRENT)
class SampleRunsTest {

    private static final int THREADS = 3;

    static Stream<Sample> runnable() {
        return Catalog.all().stream().filter(s -> s.kind() != Kind.CORRUPTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnable")
    @Timeout(60)
    void runsForASecondWithEveryWriterWriting(Sample sample) throws Exception {
        // Long enough that a loaded machine still finds the workers alive when it looks, right after ready.
        List<String> args = new ArrayList<>(List.of("--seconds", "3", "--threads", String.valueOf(THREADS)));
        if (sample.name().equals("busy-maps")) {
            args.addAll(List.of("--maps", "1000"));
        }
        try (InProcessRun run = InProcessRun.start(CatalogTest.program(sample), args.toArray(String[]::new))) {
            String ready = run.awaitReady();
            assertEquals("ready pid=" + ProcessHandle.current().pid() + " sample=" + sample.name(), ready);

            Set<String> threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).collect(Collectors.toSet());
            long workers = threads.stream().filter(n -> n.startsWith(sample.threadPrefix())).count();
            assertTrue(workers >= THREADS, "worker threads named " + sample.threadPrefix() + "*: " + threads);
            assertTrue(threads.stream().allMatch(n -> !n.startsWith(sample.threadPrefix()) || isDaemon(n)));

            for (Catalog.MapRef map : sample.maps()) {
                List<Object> reached = MapPaths.resolve(map.path());
                assertFalse(reached.isEmpty(), map.path());
                for (Object object : reached) {
                    assertTrue(object instanceof Map<?, ?> || object instanceof Set<?>,
                            map.path() + " reached " + (object == null ? "null" : object.getClass().getName()));
                }
            }
            if (sample.name().equals("registry-inner-maps") || sample.name().equals("hidden-inner-map")) {
                // The racy inner maps are reached through the bystander: several instances, all shared.
                assertTrue(MapPaths.resolve(sample.mapPaths(MapRole.SUBJECT).get(0)).size() >= 2, sample.name());
            }

            assertEquals(0, run.awaitExit(Duration.ofSeconds(20)), run.stderr());
            List<String> lines = run.lines();
            assertEquals(ready, lines.get(0));
            String done = Lines.last(lines);
            assertTrue(done.startsWith("done ops="), done);
            assertTrue(lines.subList(1, lines.size() - 1).stream().allMatch(l -> l.startsWith("progress t=")),
                    lines::toString);
            assertTrue(Lines.number(done, "ops") > 0, done);
            int writers = sample.name().equals("single-writer-thread") ? 1 : THREADS;
            assertEquals(writers, Lines.number(done, "writers"), "writer threads that wrote: " + done);
            if (!sample.racy()) {
                assertEquals(0, Lines.number(done, "errors"), done);
                assertEquals(0, Lines.number(done, "stalled"), done);
            }
        }
    }

    private static boolean isDaemon(String threadName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(threadName)).allMatch(Thread::isDaemon);
    }
}
