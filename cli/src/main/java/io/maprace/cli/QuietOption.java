package io.maprace.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code -q/--quiet}, the same for every command that shows progress, and the progress it governs. */
final class QuietOption {

    @Option(names = {"-q", "--quiet"}, description = "No progress on standard error (notes on what maprace does"
            + " to the target are still shown).")
    boolean quiet;

    boolean on() {
        return quiet;
    }

    /** The command's progress on its stderr writer. */
    StderrProgress progress(String verb, PrintWriter err) {
        return StderrProgress.create(verb, err, quiet);
    }
}
