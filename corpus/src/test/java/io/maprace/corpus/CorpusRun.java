package io.maprace.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child processes of the corpus tests: a driver JVM on one library release, and the packaged maprace command. */
final class CorpusRun {

    static final Path CORPUS_DIR = Path.of(System.getProperty("corpus.dir", "target/corpus"));
    static final Path CLASSES = Path.of(System.getProperty("corpus.classes", "target/classes"));
    static final Path RESULTS = Path.of(System.getProperty("corpus.results", "target/corpus-results"));
    static final Path MAPRACE_JAR = Path.of(System.getProperty("maprace.jar", "../cli/target/maprace.jar"));
    static final String JDWP = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";

    /** What a finished process left: its exit code and both streams (kept in files under RESULTS). */
    record Done(int exit, String out, String err) {
    }

    private CorpusRun() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code driver} on {@code release} with {@code flags}, to stay up {@code linger} seconds after its checks
     * (0: exit at once); returns once it printed its ready line.
     */
    static Process startDriver(String name, String driver, String release, int seconds, int linger,
                               List<String> flags) throws IOException, InterruptedException {
        Files.createDirectories(RESULTS);
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1",
                "--add-opens", "java.base/java.util=ALL-UNNAMED"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", CLASSES + java.io.File.pathSeparator + samplesClasses()
                + java.io.File.pathSeparator + CORPUS_DIR.resolve(release) + "/*",
                CorpusMain.class.getName(), driver, "--seconds", Integer.toString(seconds), "--quiet"));
        if (linger > 0) {
            cmd.addAll(List.of("--linger", Integer.toString(linger)));
        }
        Path out = RESULTS.resolve(name + ".driver.out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(RESULTS.resolve(name + ".driver.err").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.readString(out).contains("ready pid=")) {
                return p;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError(name + ": no ready line; stderr: "
                + Files.readString(RESULTS.resolve(name + ".driver.err")));
    }

    private static String samplesClasses() {
        try {
            return Path.of(io.maprace.samples.SampleMain.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code maprace ARGS} from the packaged jar, as a user would, within {@code limit}. */
    static Done maprace(String name, Duration limit, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:SoftRefLRUPolicyMSPerMB=0", "-jar",
                MAPRACE_JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = RESULTS.resolve(name + ".out");
        Path err = RESULTS.resolve(name + ".err");
        Files.writeString(RESULTS.resolve(name + ".cmd"), String.join(" ", cmd) + "\n");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("maprace " + String.join(" ", args) + " still running after " + limit
                    + "; stderr: " + Files.readString(err));
        }
        return new Done(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Tells a driver to end its run now (at its next whole second) rather than at its {@code --seconds}. */
    static void finishRun(Process driver) {
        try {
            driver.getOutputStream().write("finish\n".getBytes(StandardCharsets.UTF_8));
            driver.getOutputStream().flush();
        } catch (IOException e) {
            // the driver has ended already: its checks are there to read
        }
    }

    /**
     * Waits for a lingering driver to print its checks and returns its output so far (with its corpus-check
     * lines); its workers are done and it stays up for maprace to read the maps the checks read.
     */
    static String awaitChecks(String name, Process driver, Duration limit) throws IOException, InterruptedException {
        Path out = RESULTS.resolve(name + ".driver.out");
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && driver.isAlive()) {
            String text = Files.readString(out);
            if (text.contains("corpus-lingering pid=")) {
                return text;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + ": the driver printed no checks within " + limit + " (alive: "
                + driver.isAlive() + "); output:\n" + Files.readString(out));
    }

    /** Waits for a driver to end on its own and returns its output (with its corpus-check lines). */
    static String awaitDriver(String name, Process driver, Duration limit) throws IOException, InterruptedException {
        if (!driver.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            driver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + ": the driver did not end within " + limit);
        }
        return Files.readString(RESULTS.resolve(name + ".driver.out"));
    }
}
