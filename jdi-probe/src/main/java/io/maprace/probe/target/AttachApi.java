package io.maprace.probe.target;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Attach API (what {@code jcmd} uses): reads a JVM's properties and runs diagnostic commands. It needs no
 * start-up flag in the target. Every call has a deadline: a JVM that does not answer is reported, never waited on.
 * Public for the Attach-API commands ({@code stuck}, the JFR watch); nothing here is JDI.
 */
public final class AttachApi {

    /** What one attach reads. {@code jfrCheck} is null when diagnostic commands are not available. */
    public record Facts(Properties system, Properties agent, String jfrCheck) {
    }

    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "maprace-attach");
        t.setDaemon(true);
        return t;
    });

    static {
        // The Attach API waits this long for a JVM to open its attach socket (default 10 s).
        if (System.getProperty("sun.tools.attach.attachTimeout") == null) {
            System.setProperty("sun.tools.attach.attachTimeout", "5000");
        }
    }

    private AttachApi() {
    }

    /** Attaches, reads the system and agent properties (and {@code JFR.check} when asked), detaches. */
    public static Facts read(long pid, boolean withJfr, Duration timeout) {
        return call(pid, timeout, () -> {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                Properties system = vm.getSystemProperties();
                Properties agent = vm.getAgentProperties();
                String jfr = withJfr ? jcmdOn(vm, "JFR.check") : null;
                return new Facts(system, agent, jfr);
            } finally {
                vm.detach();
            }
        });
    }

    /** Runs one diagnostic command ({@code VM.start_java_debugging}) and returns its output. */
    public static String jcmd(long pid, String command, Duration timeout) {
        return call(pid, timeout, () -> {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                String out = jcmdOn(vm, command);
                if (out != null) {
                    return out;
                }
            } finally {
                vm.detach();
            }
            return jcmdTool(pid, command, timeout);
        });
    }

    /**
     * {@code HotSpotVirtualMachine.executeJCmd} is not exported by {@code jdk.attach}: the maprace jar's manifest
     * adds the export ({@code Add-Exports}); without it, null, and callers fall back to the {@code jcmd} tool.
     */
    private static String jcmdOn(VirtualMachine vm, String command) throws IOException {
        Method execute;
        try {
            execute = Class.forName("sun.tools.attach.HotSpotVirtualMachine").getMethod("executeJCmd", String.class);
        } catch (ReflectiveOperationException e) {
            return null;
        }
        if (!execute.getDeclaringClass().isInstance(vm)) {
            return null;
        }
        try (InputStream in = (InputStream) execute.invoke(vm, command)) {
            return new String(readAll(in), StandardCharsets.UTF_8);
        } catch (IllegalAccessException e) {
            return null;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * Reads to the end with every read at offset 0. The attach socket's native read (JDK 17) takes its length
     * argument for the array's length and reports the end of the stream once {@code off == len}:
     * {@code readAllBytes} stops at 4096 bytes, cutting a thread dump.
     */
    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf, 0, buf.length)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Runs the {@code jcmd} of the JDK maprace runs on. */
    private static String jcmdTool(long pid, String command, Duration timeout) throws IOException {
        Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IOException("no jcmd in " + jcmd.getParent());
        }
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        cmd.addAll(List.of(command.split(" ")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("jcmd " + command + " did not finish in " + timeout.toSeconds() + " s");
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    interface AttachCall<T> {
        T run() throws IOException, AttachNotSupportedException;
    }

    /** How long a refused attach waits for the target to finish exiting before it counts as an attach failure. */
    private static final Duration EXITING = Duration.ofSeconds(2);

    /** Whether process {@code pid} is gone, or goes within {@code wait}. */
    static boolean exits(long pid, Duration wait) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        try {
            p.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static <T> T call(long pid, Duration timeout, AttachCall<T> body) {
        Future<T> f = CALLS.submit(body::run);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new MapraceException(Problem.ATTACH_FAILED, "JVM pid " + pid + " did not answer the Attach API within "
                    + timeout.toSeconds() + " s (busy, stopped, or started with -XX:+DisableAttachMechanism) — "
                    + "check it with 'jcmd " + pid + " VM.version' and retry");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new MapraceException(Problem.ATTACH_FAILED, "interrupted while attaching to pid " + pid);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String msg = String.valueOf(cause.getMessage());
            if (msg.contains("No such process") || exits(pid, EXITING)) {
                // a JVM shutting down closes its attach listener first: refused, then gone a moment later
                throw new MapraceException(Problem.TARGET_EXITED, "pid " + pid + " exited", cause);
            }
            if (msg.contains("not secure") || msg.contains("Permission denied") || msg.contains("permission")) {
                throw new MapraceException(Problem.PERMISSION_DENIED, "cannot attach to pid " + pid + ": " + msg
                        + " — run maprace as the user that owns the JVM", cause);
            }
            throw new MapraceException(Problem.ATTACH_FAILED, "cannot attach to pid " + pid + ": " + msg
                    + " — is it started with -XX:+DisableAttachMechanism, or in another container?", cause);
        }
    }
}
