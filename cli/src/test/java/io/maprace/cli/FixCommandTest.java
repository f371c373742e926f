package io.maprace.cli;

import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code maprace fix} through the command line, on a racy sample in a child JVM. */
@Timeout(180)
class FixCommandTest {

    private static final Catalog.Sample SAMPLE = Catalog.require("factory-cache");
    private static final String MAP = SAMPLE.mapPath().orElseThrow();

    @TempDir
    Path records;

    /**
     * Runs {@code maprace fix ARGS}; while the target's JDWP agent still reports the previous run's connection
     * (it listens again a moment after a debugger leaves: exit 28), runs it again, for up to 10 s.
     */
    private CliRun fix(String... args) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        CliRun run = once(args);
        while (run.exitCode() == 28 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            run = once(args);
        }
        return run;
    }

    private CliRun once(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "fix";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--records";
        all[args.length + 2] = records.toString();
        return CliRun.of(all);
    }

    @Test
    void dryRunShowsThePlanAndChangesNothing() throws Exception {
        try (ChildJvm target = ChildJvm.startSample(SAMPLE, true, "--seconds", "120", "--threads", "2")) {
            CliRun run = fix(Long.toString(target.pid()), "--map", MAP, "--dry-run", "-q");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("Plan: make " + MAP + " thread-safe"), run.out());
            assertTrue(run.out().contains("Factory.cache — declared java.util.Map, final"), run.out());
            assertTrue(run.out().contains("a swap cannot fix:"), run.out());
            assertTrue(run.out().contains("computeIfAbsent"), run.out());
            try (var files = Files.list(records)) {
                assertEquals(0, files.count(), "a dry run wrote a record");
            }
        }
    }

    @Test
    void withoutAnAnswerNothingChanges_withYesItIsFixedListedAndUndone() throws Exception {
        try (ChildJvm target = ChildJvm.startSample(SAMPLE, true, "--seconds", "120", "--threads", "2")) {
            String pid = Long.toString(target.pid());
            FixCommand.answers = new ByteArrayInputStream(new byte[0]);
            CliRun unasked = fix(pid, "--map", MAP, "-q");
            assertEquals(65, unasked.exitCode(), unasked.err());
            assertEquals("maprace fix: no answer on stdin, so nothing was changed — pass --yes to apply the plan"
                    + " without asking", unasked.err().strip());
            FixCommand.answers = new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(65, fix(pid, "--map", MAP, "-q").exitCode());

            FixCommand.answers = new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8));
            CliRun fixed = fix(pid, "--map", MAP, "-q");
            assertEquals(0, fixed.exitCode(), fixed.err());
            assertTrue(fixed.out().contains("Fixed: threads that use the map held"), fixed.out());
            assertTrue(fixed.out().contains("references now pointing at the replacement: 1"), fixed.out());

            CliRun again = fix(pid, "--map", MAP, "--yes", "-q");
            assertEquals(64, again.exitCode(), again.err());
            assertTrue(again.err().startsWith("maprace fix: " + MAP + " was already replaced by maprace"), again.err());

            CliRun list = fix("--list");
            assertEquals(0, list.exitCode());
            assertTrue(list.out().contains(" applied ") && list.out().contains(MAP), list.out());

            CliRun undone = fix(pid, "--undo", "-q");
            assertEquals(0, undone.exitCode(), undone.err());
            assertTrue(undone.out().startsWith("Undone:"), undone.out());
            assertTrue(fix("--list").out().contains(" undone "));
        } finally {
            FixCommand.answers = System.in;
        }
    }

    @Test
    void fromAWatchReportTheMapsItProvedRacyAreFixed() throws Exception {
        try (ChildJvm target = ChildJvm.startSample(SAMPLE, true, "--seconds", "120", "--threads", "3")) {
            String pid = Long.toString(target.pid());
            Path report = records.resolveSibling(records.getFileName() + "-watch.json");
            CliRun watch = CliRun.of("watch", pid, "--map", MAP, "--duration", "10s", "--stop-on-proof", "-q",
                    "--format", "json", "-o", report.toString());
            assertEquals(0, watch.exitCode(), watch.err());
            CliRun plan = fix(pid, "--from", report.toString(), "--dry-run", "-q");
            assertEquals(0, plan.exitCode(), plan.err());
            assertTrue(plan.out().contains("names 1 racing or damaged map(s) with a path: 1 map(s) to fix"), plan.out());
            assertTrue(plan.out().contains("Plan: make " + MAP + " thread-safe"), plan.out());
            CliRun fixed = fix(pid, "--from", report.toString(), "--yes", "-q");
            assertEquals(0, fixed.exitCode(), fixed.err());
            assertTrue(fixed.out().contains("Fixed: threads that use the map held"), fixed.out());
            assertEquals(64, fix(pid, "--from", report.toString(), "--yes", "-q").exitCode(),
                    "a second fix of the same map from the same report");
        }
    }

    @Test
    void fromAFileThatIsNoReport() throws Exception {
        Path missing = records.resolve("none.json");
        assertEquals(3, fix("1", "--from", missing.toString(), "--dry-run").exitCode());
        Path garbage = Files.writeString(records.resolveSibling(records.getFileName() + "-garbage.json"), "{not json");
        CliRun notJson = fix("1", "--from", garbage.toString(), "--dry-run");
        assertEquals(13, notJson.exitCode(), notJson.err());
        assertEquals(1, notJson.err().strip().lines().count(), notJson.err());
        Path other = Files.writeString(records.resolveSibling(records.getFileName() + "-other.json"), "{\"a\": 1}");
        assertEquals(13, fix("1", "--from", other.toString(), "--dry-run").exitCode());
        assertEquals(2, fix("1", "--from", other.toString(), "--map", MAP).exitCode(), "--from with --map");
    }

    @Test
    void aTargetWithoutJdwpGetsTheFlag() throws Exception {
        try (ChildJvm target = ChildJvm.startSample(SAMPLE, false, "--seconds", "120", "--threads", "2")) {
            CliRun run = fix(Long.toString(target.pid()), "--map", MAP, "--yes", "-q");
            assertEquals(22, run.exitCode(), run.err());
            assertTrue(run.err().contains("-agentlib:jdwp="), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    @Test
    void badInvocations() throws InterruptedException {
        assertEquals(2, fix().exitCode());
        CliRun none = fix("--list");
        assertEquals(0, none.exitCode());
        assertEquals("No fix records.", none.out().strip());
    }
}
