package io.maprace.probe.target;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Finds and describes the JVMs on this host. Everything that can be learned without attaching (existence, owner,
 * whether it is a JVM at all, its version and arguments from hsperfdata) is checked first, so a wrong pid fails in
 * milliseconds: the Attach API would wait ~10 s on a process that is not a JVM.
 */
public final class LocalJvms {

    private LocalJvms() {
    }

    /** One local JVM, described without attaching: what {@link #list} shows before asking the JVM itself. */
    private record Basic(long pid, String mainClass, String javaVersion, String vmArgs, String user) {
    }

    /**
     * Every local JVM except this process, each asked (in parallel, each within {@code timeout}) for its JDWP
     * listener and JFR state. A JVM that cannot be asked is listed with the reason.
     *
     * @param only pids to describe; all when empty
     */
    public static List<JvmDescriptor> list(List<Long> only, Duration timeout) {
        long self = ProcessHandle.current().pid();
        Map<Long, String> names = new LinkedHashMap<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            try {
                long pid = Long.parseLong(d.id());
                if (pid != self && (only.isEmpty() || only.contains(pid))) {
                    names.put(pid, d.displayName());
                }
            } catch (NumberFormatException e) {
                // not a local pid
            }
        }
        for (long pid : only) {
            if (!names.containsKey(pid) && pid != self && ProcFs.exists(pid) && isJvm(pid)) {
                names.put(pid, "");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, names.size())), r -> {
            Thread t = new Thread(r, "maprace-ps");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<JvmDescriptor>> futures = new ArrayList<>();
            for (Map.Entry<Long, String> e : names.entrySet()) {
                futures.add(pool.submit(() -> describeQuietly(e.getKey(), e.getValue(), timeout)));
            }
            List<JvmDescriptor> result = new ArrayList<>();
            for (Future<JvmDescriptor> f : futures) {
                try {
                    result.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            result.sort(Comparator.comparingLong(JvmDescriptor::pid));
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JvmDescriptor describeQuietly(long pid, String displayName, Duration timeout) {
        Basic basic = basic(pid, displayName);
        if (!mayAttach(pid)) {
            return descriptor(basic, null, null, "JVM of user " + basic.user() + ": run maprace as that user");
        }
        try {
            return descriptor(basic, AttachApi.read(pid, true, timeout), null, null);
        } catch (MapraceException e) {
            return descriptor(basic, null, null, e.getMessage());
        }
    }

    /**
     * Describes one JVM, checking before any attach that the pid exists, is a JVM and belongs to this user.
     *
     * @throws MapraceException NO_SUCH_PROCESS, NOT_A_JAVA_PROCESS, PERMISSION_DENIED, ATTACH_FAILED
     */
    public static JvmDescriptor describe(long pid, Duration timeout) {
        checkAttachable(pid);
        Basic basic = basic(pid, "");
        return descriptor(basic, AttachApi.read(pid, false, timeout), null, null);
    }

    /** The checks that make a wrong pid fail fast, in the order a user would want them reported. */
    static void checkAttachable(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            throw new MapraceException(Problem.USAGE, "pid " + pid + " is maprace itself — name the JVM to examine");
        }
        if (!ProcFs.exists(pid)) {
            throw new MapraceException(Problem.NO_SUCH_PROCESS,
                    "no process with pid " + pid + " — 'maprace ps' lists the local JVMs");
        }
        if (!isJvm(pid)) {
            String what = ProcessHandle.of(pid).flatMap(h -> h.info().command())
                    .map(c -> " (" + Path.of(c).getFileName() + ")").orElse("");
            throw new MapraceException(Problem.NOT_A_JAVA_PROCESS,
                    "pid " + pid + what + " is not a Java process — 'maprace ps' lists the local JVMs");
        }
        if (!mayAttach(pid)) {
            String owner = ProcFs.user(pid).orElse("another user");
            throw new MapraceException(Problem.PERMISSION_DENIED, "pid " + pid + " is a JVM of user " + owner
                    + " and maprace runs as " + System.getProperty("user.name")
                    + " — run maprace as " + owner + " (sudo -u " + owner + " maprace ...)");
        }
    }

    /** Resolves a pid or a main-class fragment to one local JVM's pid. */
    public static long resolve(TargetSpec spec) {
        if (spec instanceof TargetSpec.Pid p) {
            return p.pid();
        }
        if (!(spec instanceof TargetSpec.MainClass mc)) {
            throw new IllegalArgumentException("not a local target: " + spec);
        }
        long self = ProcessHandle.current().pid();
        Map<Long, String> exact = new LinkedHashMap<>();
        Map<Long, String> partial = new LinkedHashMap<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            long pid;
            try {
                pid = Long.parseLong(d.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == self) {
                continue;
            }
            String main = mainClassOf(d.displayName());
            String simple = main.substring(main.lastIndexOf('.') + 1);
            if (main.equals(mc.fragment()) || simple.equals(mc.fragment())) {
                exact.put(pid, main);
            } else if (main.contains(mc.fragment())) {
                partial.put(pid, main);
            }
        }
        Map<Long, String> matches = exact.isEmpty() ? partial : exact;
        if (matches.isEmpty()) {
            // Only the JVMs of this user are listed to it (root sees all): say so, another user's JVM is the
            // usual reason a process the user can see in `ps` is not found.
            boolean root = ProcFs.currentUid().orElse(0) == 0;
            throw new MapraceException(Problem.NO_SUCH_PROCESS, "no local JVM's main class matches '" + mc.fragment()
                    + "'" + (root ? "" : " among the JVMs of user " + System.getProperty("user.name")
                    + " (another user's JVM: name it by pid, or run maprace as that user)")
                    + " — 'maprace ps' lists the local JVMs");
        }
        if (matches.size() > 1) {
            String list = matches.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", "));
            throw new MapraceException(Problem.AMBIGUOUS_TARGET, "'" + mc.fragment() + "' matches " + matches.size()
                    + " JVMs: " + list + " — name one by its pid");
        }
        return matches.keySet().iterator().next();
    }

    /** Whether a local process has this pid, whoever owns it (a bare number may also be a port). */
    public static boolean isLocalProcess(long pid) {
        return ProcFs.exists(pid);
    }

    static boolean isJvm(long pid) {
        Optional<Boolean> libjvm = ProcFs.mapsLibjvm(pid);
        if (libjvm.isPresent()) {
            return libjvm.get();
        }
        return ProcFs.hsperfFile(pid).isPresent();
    }

    /** Root may attach to anyone's JVM; others only to their own. */
    static boolean mayAttach(long pid) {
        OptionalInt me = ProcFs.currentUid();
        OptionalInt owner = ProcFs.uid(pid);
        if (me.isEmpty() || owner.isEmpty()) {
            return true;
        }
        return me.getAsInt() == 0 || me.getAsInt() == owner.getAsInt();
    }

    private static Basic basic(long pid, String displayName) {
        Optional<HsPerfData> perf = ProcFs.hsperfFile(pid).flatMap(HsPerfData::read);
        String command = perf.flatMap(HsPerfData::javaCommand).orElse(displayName);
        String main = mainClassOf(command);
        if (main.equals("?")) {
            // Another user's hsperfdata file is not readable, but the command line is.
            main = ProcFs.commandLine(pid).map(LocalJvms::mainClassOfCommandLine).orElse("?");
        }
        return new Basic(pid, main, perf.flatMap(HsPerfData::javaVersion).orElse(null),
                perf.flatMap(HsPerfData::vmArgs).orElse(null), ProcFs.user(pid).orElse("?"));
    }

    private static JvmDescriptor descriptor(Basic basic, AttachApi.Facts facts, JfrStatus jfr, String problem) {
        String version = basic.javaVersion();
        String mainClass = basic.mainClass();
        String vmArgs = basic.vmArgs();
        JdwpStatus jdwp = null;
        JfrStatus jfrStatus = jfr == null ? JfrStatus.UNKNOWN : jfr;
        if (facts != null) {
            Properties sys = facts.system();
            Properties agent = facts.agent();
            version = sys.getProperty("java.version", version);
            if ("?".equals(mainClass)) {
                mainClass = mainClassOf(agent.getProperty("sun.java.command", ""));
            }
            vmArgs = agent.getProperty("sun.jvm.args", vmArgs);
            jdwp = JdwpStatus.of(vmArgs, agent.getProperty("sun.jdwp.listenerAddress"),
                    JvmDescriptor.featureOf(version));
            if (facts.jfrCheck() != null) {
                jfrStatus = JfrStatus.fromCheck(facts.jfrCheck());
            }
        }
        return new JvmDescriptor(basic.pid(), mainClass, version == null ? "?" : version,
                JvmDescriptor.featureOf(version), basic.user(), jdwp, jfrStatus, problem);
    }

    /** The main class (or {@code -jar} file) in a {@code java} command line: the first argument not an option. */
    static String mainClassOfCommandLine(List<String> args) {
        java.util.Set<String> withValue = java.util.Set.of("-cp", "-classpath", "--class-path", "-p",
                "--module-path", "--add-opens", "--add-exports", "--add-reads", "--add-modules", "--limit-modules",
                "--upgrade-module-path", "--patch-module");
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-jar") || a.equals("-m") || a.equals("--module")) {
                return i + 1 < args.size() ? args.get(i + 1) : "?";
            }
            if (withValue.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return "?";
    }

    static String mainClassOf(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return "?";
        }
        String first = javaCommand.strip().split("\\s+")[0];
        return first.isEmpty() ? "?" : first;
    }
}
