package io.maprace.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code -q/--quiet}, the same for every command that shows progress, and the progress it governs. */
final class QuietOption {

    private static final String HELP = "No progress on standard error (notes on what maprace does to the target are "
            + "still shown).";

    @Option(names = {"-q", "--quiet"}, description = HELP)
    boolean quiet;

    /** The same option for a command whose model is built in code (see {@link AnalyzeCommand}). */
    static OptionSpec optionSpec() {
        return OptionSpec.builder("-q", "--quiet").type(boolean.class).description(HELP).build();
    }

    /** The option's value as picocli parsed it into a model built with {@link #optionSpec()}. */
    static QuietOption parsed(CommandSpec spec) {
        QuietOption q = new QuietOption();
        q.quiet = Boolean.TRUE.equals(spec.findOption("--quiet").getValue());
        return q;
    }

    boolean on() {
        return quiet;
    }

    /** The command's progress on its stderr writer. */
    StderrProgress progress(String verb, PrintWriter err) {
        return StderrProgress.create(verb, err, quiet);
    }
}
