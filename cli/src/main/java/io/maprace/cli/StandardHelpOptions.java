package io.maprace.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h/--help} and {@code -V/--version} for a command modelled in code: picocli's own
 * {@code mixinStandardHelpOptions} reads them from an annotated class, which is what such a model avoids (see
 * {@link AnalyzeCommand}). The same names and texts as picocli's.
 */
final class StandardHelpOptions {

    private StandardHelpOptions() {
    }

    static void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .description("Print version information and exit.").build());
    }
}
