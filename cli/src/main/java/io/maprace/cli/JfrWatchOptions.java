package io.maprace.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/** The options of {@code maprace watch} that choose and shape the watch through a flight recording. */
final class JfrWatchOptions {

    @Option(names = "--jfr",
            description = "Watch through a flight recording started with the Attach API, even if the JVM has a JDWP"
                    + " agent (the default for a JVM without one): execution samples show where threads are in map"
                    + " code together (candidates and likely findings, never proof).")
    boolean jfr;

    @Option(names = "--keep", paramLabel = "FILE.jfr",
            description = "With the flight-recording watch: the target writes its recording to FILE.jfr before it is"
                    + " stopped, for a later 'maprace analyze'. Implies --jfr.")
    Path keep;

    /** Whether this watch goes through JFR: asked for, or the target has no JDWP agent. */
    boolean wanted(String target) {
        return jfr || keep != null || JfrWatch.noJdwp(target);
    }

    int run(String target, Duration duration, boolean quiet, ReportOutput output, PrintWriter out, PrintWriter err) {
        return new JfrWatch(duration, keep, quiet, err).run(target, output, out);
    }
}
