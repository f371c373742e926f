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
        err.println(verb + ": internal error: " + ex + " (this is a bug in maprace; please report it with the"
                + " stack trace below)");
        ex.printStackTrace(err);
        err.flush();
        return Problem.INTERNAL.exitCode();
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
