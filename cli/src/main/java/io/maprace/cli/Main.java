package io.maprace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code maprace} command: every verb is registered here, one class each. */
@Command(name = "maprace",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds unsafe concurrent writes to non-thread-safe maps (HashMap, LinkedHashMap, "
                + "WeakHashMap, HashSet, TreeMap...) in JFR recordings and live JVMs.%n",
        footer = "%nExit codes: 0 the command ran (with or without findings); 2 usage; 3-12 bad input files; "
                + "20-32 live target problems; 40-47 heap dumps; 50-53 flight recordings started in a target; 60-67 fix; "
                + "14 out of memory; 1 internal error. README.md has the full table.")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The verbs, in the order help lists them. Registered here rather than in the annotation so that a command
     * line naming one builds only that one's model: picocli reads every option of every verb it registers, a
     * good part of a short command's start.
     */
    private static final Map<String, Supplier<Object>> VERBS = verbs();

    private static Map<String, Supplier<Object>> verbs() {
        Map<String, Supplier<Object>> verbs = new LinkedHashMap<>();
        verbs.put("ps", PsCommand::new);
        verbs.put("scan", ScanCommand::new);
        verbs.put("watch", WatchCommand::new);
        verbs.put("stuck", StuckCommand::new);
        verbs.put("fix", FixCommand::new);
        verbs.put("analyze", AnalyzeCommand::new);
        verbs.put("demo", DemoCommand::new);
        verbs.put("help", CommandLine.HelpCommand::new);
        return verbs;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine(args);
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

    /** The configured command line with every verb, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: with the one verb they name, or with all of them (no verb,
     * {@code help}, or a word that is no verb, for picocli's usage message and suggestions).
     */
    static CommandLine commandLine(String[] args) {
        String verb = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        CommandLine cl = new CommandLine(new Main());
        if (verb != null && !verb.equals("help") && VERBS.containsKey(verb)) {
            cl.addSubcommand(verb, VERBS.get(verb).get());
        } else {
            VERBS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
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
