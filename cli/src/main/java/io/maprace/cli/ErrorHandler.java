package io.maprace.cli;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The one place errors become output. Problems with the user's input print one line and exit with their own
 * code; only a bug in maprace prints a stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String verb = verb(cl);
        Throwable cause = ex;
        while (cause.getCause() != null && !(cause instanceof MapraceException)) {
            cause = cause.getCause();
        }
        if (cause instanceof MapraceException me) {
            err.println(verb + ": " + me.getMessage());
            err.flush();
            return me.problem().exitCode();
        }
        if (outOfMemory(ex)) {
            return outOfMemory(err, verb);
        }
        err.println(verb + ": internal error: " + ex + " (this is a bug in maprace; please report it with the"
                + " stack trace below)");
        ex.printStackTrace(err);
        err.flush();
        return Problem.INTERNAL.exitCode();
    }

    /** Whether the JVM ran out of heap somewhere in the chain (a reading thread's failure comes wrapped). */
    static boolean outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** Not a bug: the work needed more heap than maprace was given. One line, and how to give it more. */
    static int outOfMemory(PrintWriter err, String verb) {
        long max = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        err.println(verb + ": ran out of memory (maprace's heap is " + max + " MB) — give it more, e.g. "
                + "MAPRACE_JAVA_OPTS=-Xmx" + Math.max(1, 2 * max / 1024) + "g bin/maprace ... (or java -Xmx... -jar "
                + "maprace.jar ...)");
        err.flush();
        return Problem.OUT_OF_MEMORY.exitCode();
    }

    static String verb(CommandLine cl) {
        return cl.getCommandName().equals("maprace") ? "maprace" : "maprace " + cl.getCommandName();
    }

    /** Usage errors: the message, a pointer to help, and exit code 2. */
    static final class Usage implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println(verb(cl) + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return Problem.USAGE.exitCode();
        }
    }
}
