package io.maprace.corpus;

import io.maprace.samples.SampleMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * {@code java -cp <corpus classes>:<one library release> io.maprace.corpus.CorpusMain DRIVER [--threads N]
 * [--seconds S] [--linger S]}: runs a driver (the samples' protocol: {@code ready}, {@code progress}, {@code done}),
 * then prints its post-mortem checks, one {@code corpus-check} line per map and a {@code corpus-symptoms} line, and
 * exits. With {@code --linger S} it stays up S more seconds after the checks (or until killed), its workers done,
 * so that maprace can read the same maps the checks read, in the same state: nothing writes them any more.
 * A line {@code finish} on its standard input ends the run at the next whole second, before {@code --seconds}: a
 * harness that is done watching the race need not wait out a length chosen for slow hosts.
 * Threads stuck in a corrupted map do not keep the JVM alive; a flight recording is written at the exit.
 */
public final class CorpusMain {

    /**
     * Every driver by name, as class names: a driver's class is loaded only when it runs, since the classpath holds
     * one library release and not the others. An unmodifiable map: the driver's own state must not show up among
     * the maps maprace reports.
     */
    static final Map<String, String> DRIVERS = Map.of(
            "querydsl-templates", "io.maprace.corpus.QuerydslTemplates",
            "hutool-lru", "io.maprace.corpus.HutoolLru",
            "wro4j-injector", "io.maprace.corpus.Wro4jInjector",
            "wro4j-model", "io.maprace.corpus.Wro4jModel",
            "avro-fast-reader", "io.maprace.corpus.AvroFastReader");

    private CorpusMain() {
    }

    /** Takes {@code --linger S} out of {@code args}; 0 when absent. */
    private static long lingerSeconds(List<String> args) {
        int at = args.indexOf("--linger");
        if (at < 0) {
            return 0;
        }
        if (at + 1 >= args.size() || !args.get(at + 1).matches("\\d{1,6}")) {
            System.err.println("corpus: --linger takes a number of seconds");
            System.exit(2);
        }
        long seconds = Long.parseLong(args.get(at + 1));
        args.subList(at, at + 2).clear();
        return seconds;
    }

    /** Whether a line {@code finish} came on standard input (read by a daemon thread; end of input changes nothing). */
    private static BooleanSupplier finishAsked() {
        AtomicBoolean asked = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.strip().equals("finish")) {
                        asked.set(true);
                    }
                }
            } catch (IOException e) {
                // no input to read: the run lasts --seconds
            }
        }, "corpus-stdin");
        reader.setDaemon(true);
        reader.start();
        return asked::get;
    }

    public static void main(String[] args) {
        if (args.length == 0 || !DRIVERS.containsKey(args[0])) {
            System.err.println("corpus: usage: CorpusMain DRIVER [--threads N] [--seconds S]; drivers: "
                    + new TreeSet<>(DRIVERS.keySet()));
            System.exit(2);
        }
        CorpusDriver driver;
        try {
            driver = (CorpusDriver) Class.forName(DRIVERS.get(args[0])).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            System.err.println("corpus: " + args[0] + " cannot run with this classpath: " + e);
            System.exit(2);
            return;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        long linger = lingerSeconds(rest);
        int code = SampleMain.run(driver, rest.toArray(String[]::new), System.out, System.err, finishAsked());
        if (code == 0) {
            List<MapDamage.Result> results = driver.check();
            for (MapDamage.Result r : results) {
                System.out.println(r.line(driver.name()));
            }
            System.out.println("corpus-symptoms driver=" + driver.name() + " damagedMaps="
                    + results.stream().filter(MapDamage.Result::damaged).count() + " " + driver.symptoms());
        }
        if (code == 0 && linger > 0) {
            System.out.println("corpus-lingering pid=" + ProcessHandle.current().pid() + " seconds=" + linger);
            System.out.flush();
            try {
                Thread.sleep(linger * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.out.flush();
        // exit, not halt: a flight recording is written by a shutdown hook; the workers are daemon threads, so
        // those spinning in a corrupted map do not keep the JVM alive
        System.exit(code);
    }
}
