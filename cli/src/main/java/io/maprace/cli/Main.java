package io.maprace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code maprace} command: every verb is registered here, one class each. */
@Command(name = "maprace",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds unsafe concurrent writes to non-thread-safe maps (HashMap, LinkedHashMap, "
                + "WeakHashMap, HashSet, TreeMap...) in JFR recordings and live JVMs.%n",
        subcommands = {
                PsCommand.class,
                ScanCommand.class,
                WatchCommand.class,
                StuckCommand.class,
                FixCommand.class,
                AnalyzeCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = "%nExit codes: 0 the command ran (with or without findings); 2 usage; 3-12 bad input files; "
                + "20-32 live target problems; 40-47 heap dumps; 50-53 flight recordings started in a target; 60-67 fix; "
                + "14 out of memory; 1 internal error. README.md has the full table.")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // an Error passes the execution handler by: caught here, on its way out
            String verb = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
                    .map(a -> "maprace " + a).orElse("maprace");
            code = ErrorHandler.outOfMemory(cl.getErr(), verb);
        }
        System.exit(code);
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler.Usage());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
