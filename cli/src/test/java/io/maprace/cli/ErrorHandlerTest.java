package io.maprace.cli;

import io.maprace.error.Problem;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorHandlerTest {

    @Test
    void runningOutOfHeapOnAReadingThreadIsOneLineAndItsOwnCode() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        // a reading thread's failure reaches the command wrapped, as a dump scan's workers hand it over
        Exception wrapped = new IllegalStateException(new ExecutionException(new OutOfMemoryError("Java heap space")));
        int code = new ErrorHandler().handleExecutionException(wrapped, cl.getSubcommands().get("scan"), null);
        assertEquals(Problem.OUT_OF_MEMORY.exitCode(), code);
        String text = err.toString();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("maprace scan: ran out of memory (maprace's heap is "), text);
        assertTrue(text.contains("MAPRACE_JAVA_OPTS=-Xmx"), text);
        assertFalse(text.contains("at io.maprace"), text);
    }

    @Test
    void aBugStillShowsItsStackTrace() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = new ErrorHandler().handleExecutionException(new IllegalStateException("boom"), cl, null);
        assertEquals(Problem.INTERNAL.exitCode(), code);
        assertTrue(err.toString().contains("internal error"), err.toString());
        assertTrue(err.toString().contains("at io.maprace"), err.toString());
    }
}
