package io.maprace.corpus;

import io.maprace.samples.SampleMain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code java -cp <corpus classes>:<one library release> io.maprace.corpus.CorpusMain DRIVER [--threads N]
 * [--seconds S]}: runs a driver (the samples' protocol: {@code ready}, {@code progress}, {@code done}), then prints
 * its post-mortem checks, one {@code corpus-check} line per map and a {@code corpus-symptoms} line, and exits.
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
        int code = SampleMain.run(driver, Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
        if (code == 0) {
            List<MapDamage.Result> results = driver.check();
            for (MapDamage.Result r : results) {
                System.out.println(r.line(driver.name()));
            }
            System.out.println("corpus-symptoms driver=" + driver.name() + " damagedMaps="
                    + results.stream().filter(MapDamage.Result::damaged).count() + " " + driver.symptoms());
        }
        System.out.flush();
        // exit, not halt: a flight recording is written by a shutdown hook; the workers are daemon threads, so
        // those spinning in a corrupted map do not keep the JVM alive
        System.exit(code);
    }
}
