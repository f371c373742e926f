package io.maprace.probe.target;

import com.sun.jdi.ThreadReference;
import com.sun.jdi.request.EventRequest;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.progress.Progress;
import io.maprace.probe.testapp.CorruptedMapsTarget;
import io.maprace.testkit.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, attach and every way a live target can be wrong, against child JVMs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveTargetsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String MAIN = CorruptedMapsTarget.class.getName();
    private static final int FEATURE = Runtime.version().feature();

    private static ChildJvm withJdwp;
    private static ChildJvm withoutJdwp;

    @BeforeAll
    static void startTargets() throws Exception {
        withJdwp = target(ChildJvm.JDWP);
        withoutJdwp = target(null);
    }

    @AfterAll
    static void stopTargets() throws Exception {
        if (withJdwp != null) {
            withJdwp.close();
        }
        if (withoutJdwp != null) {
            withoutJdwp.close();
        }
    }

    private static ChildJvm target(String agent) throws Exception {
        List<String> args = new ArrayList<>(ChildJvm.OPENS);
        if (agent != null) {
            args.add(agent);
        }
        ChildJvm jvm = ChildJvm.start(ChildJvm.currentJavaHome(), args, CorruptedMapsTarget.classpath(), MAIN);
        jvm.awaitLine("ready pid=", WAIT);
        return jvm;
    }

    @Test
    void psDescribesJdwpVersionAndJfr() {
        List<JvmDescriptor> list = LocalJvms.list(List.of(withJdwp.pid(), withoutJdwp.pid()), Duration.ofSeconds(10));
        assertEquals(2, list.size(), list::toString);
        var byPid = list.stream().collect(Collectors.toMap(JvmDescriptor::pid, Function.identity()));
        JvmDescriptor on = byPid.get(withJdwp.pid());
        JvmDescriptor off = byPid.get(withoutJdwp.pid());
        assertEquals(MAIN, on.mainClass());
        assertEquals(FEATURE, on.feature());
        assertEquals(System.getProperty("java.version"), on.javaVersion());
        assertEquals(JdwpStatus.State.LISTENING, on.jdwp().state());
        assertTrue(on.jdwp().port() > 0);
        assertFalse(on.jdwp().exposed());
        assertEquals(JfrStatus.State.OFF, on.jfr().state());
        assertEquals(JdwpStatus.State.ABSENT, off.jdwp().state());
        assertEquals(null, off.problem());
    }

    @Test
    void anUnknownPidAndANonJavaProcessFailAtOnce() throws Exception {
        long start = System.nanoTime();
        MapraceException none = assertThrows(MapraceException.class,
                () -> Attacher.attach(new TargetSpec.Pid(Integer.MAX_VALUE), WAIT, Progress.NONE));
        assertEquals(Problem.NO_SUCH_PROCESS, none.problem());
        assertTrue(none.getMessage().contains(String.valueOf(Integer.MAX_VALUE)), none.getMessage());

        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            MapraceException notJava = assertThrows(MapraceException.class,
                    () -> Attacher.attach(new TargetSpec.Pid(sleep.pid()), WAIT, Progress.NONE));
            assertEquals(Problem.NOT_A_JAVA_PROCESS, notJava.problem());
            assertTrue(notJava.getMessage().contains("(sleep)"), notJava.getMessage());
        } finally {
            sleep.destroyForcibly();
        }
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "the Attach API waits ~10 s on a non-JVM: check first");
    }

    @Test
    void mainClassNamesResolveLikeJcmd() {
        assertEquals(Problem.AMBIGUOUS_TARGET, assertThrows(MapraceException.class,
                () -> LocalJvms.resolve(new TargetSpec.MainClass("CorruptedMapsTarget"))).problem());
        MapraceException ambiguous = assertThrows(MapraceException.class,
                () -> LocalJvms.resolve(new TargetSpec.MainClass("testapp.CorruptedMaps")));
        assertTrue(ambiguous.getMessage().contains(String.valueOf(withJdwp.pid()))
                && ambiguous.getMessage().contains(String.valueOf(withoutJdwp.pid())), ambiguous.getMessage());
        assertEquals(Problem.NO_SUCH_PROCESS, assertThrows(MapraceException.class,
                () -> LocalJvms.resolve(new TargetSpec.MainClass("NoSuchMainClassAnywhere"))).problem());
    }

    @Test
    void noJdwpSaysTheFlagForItsJdkAndWhatStillWorks() {
        MapraceException e = assertThrows(MapraceException.class,
                () -> Attacher.attach(new TargetSpec.Pid(withoutJdwp.pid()), WAIT, Progress.NONE));
        assertEquals(Problem.NO_JDWP, e.problem());
        assertTrue(e.getMessage().contains(JdwpStatus.flagFor(FEATURE)), e.getMessage());
        assertTrue(e.getMessage().contains("jcmd " + withoutJdwp.pid() + " JFR.start"), e.getMessage());
    }

    @Test
    void aDormantAgentIsStartedAndKeepsListening() throws Exception {
        try (ChildJvm dormant = target(ChildJvm.JDWP_ONJCMD)) {
            assertEquals(JdwpStatus.State.DORMANT, LocalJvms.describe(dormant.pid(), WAIT).jdwp().state());
            List<String> notes = new ArrayList<>();
            try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(dormant.pid()), WAIT, notes(notes))) {
                assertTrue(session.vm().allThreads().size() > 1);
            }
            assertTrue(notes.stream().anyMatch(n -> n.contains("VM.start_java_debugging")), notes::toString);
            assertEquals(JdwpStatus.State.LISTENING, awaitListening(dormant.pid()).state());
        }
    }

    @Test
    void aPortThatIsNotJdwp() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocket http = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket s = http.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test is over
                }
            });
            answering.setDaemon(true);
            answering.start();
            long start = System.nanoTime();
            assertEquals(Problem.NOT_JDWP, assertThrows(MapraceException.class, () -> Attacher.attach(
                    new TargetSpec.Socket("127.0.0.1", http.getLocalPort()), WAIT, Progress.NONE)).problem());
            MapraceException quiet = assertThrows(MapraceException.class, () -> Attacher.attach(
                    new TargetSpec.Socket("127.0.0.1", silent.getLocalPort()), WAIT, Progress.NONE));
            assertEquals(Problem.NOT_JDWP, quiet.problem());
            assertTrue(System.nanoTime() - start < 6_000_000_000L, "a silent port must not hang the tool");
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertEquals(Problem.NO_JDWP, assertThrows(MapraceException.class, () -> Attacher.attach(
                new TargetSpec.Socket("127.0.0.1", closedPort), WAIT, Progress.NONE)).problem());
    }

    @Test
    void oneDebuggerAtATimeAndCleanDetach() throws Exception {
        try (AttachedVm first = Attacher.attach(new TargetSpec.Pid(withJdwp.pid()), WAIT, Progress.NONE)) {
            MapraceException busy = assertThrows(MapraceException.class,
                    () -> Attacher.attach(new TargetSpec.Pid(withJdwp.pid()), WAIT, Progress.NONE));
            assertEquals(Problem.DEBUGGER_BUSY, busy.problem());
            // Leave things behind on purpose: a request and a suspension; close() must undo both.
            var erm = first.vm().eventRequestManager();
            EventRequest r = erm.createThreadStartRequest();
            r.setSuspendPolicy(EventRequest.SUSPEND_ALL);
            r.enable();
            first.suspendAll(Duration.ofSeconds(30));
        }
        withJdwp.awaitWorkProgress(WAIT);
        awaitListening(withJdwp.pid());
        try (AttachedVm again = Attacher.attach(new TargetSpec.Pid(withJdwp.pid()), WAIT, Progress.NONE)) {
            for (ThreadReference t : again.vm().allThreads()) {
                assertEquals(0, t.suspendCount(), t.name() + " left suspended");
            }
            assertTrue(again.vm().eventRequestManager().threadStartRequests().isEmpty());
        }
    }

    @Test
    void theWatchdogResumesASuspensionNobodyEnds() throws Exception {
        try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(withJdwp.pid()), WAIT, Progress.NONE)) {
            Suspensions.Suspension held = session.suspendAll(Duration.ofMillis(300));
            // Nobody resumes: the watchdog must, at 300 ms. Wait for that, then see the target work again.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!held.expired() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(held.expired());
            withJdwp.awaitWorkProgress(WAIT);
            assertEquals(1, session.watchdogResumes());
            assertTrue(session.longestPauseMillis() >= 250, "measured " + session.longestPauseMillis());
        }
    }

    @Test
    void aDeadlineClosesTheSession() throws Exception {
        AttachedVm session = Attacher.attach(new TargetSpec.Pid(withJdwp.pid()), WAIT, Progress.NONE);
        session.closeAt(Duration.ofMillis(200), "test deadline");
        assertTrue(session.awaitClosed(WAIT));
        assertEquals("test deadline", session.closedBecause());
        awaitListening(withJdwp.pid());
    }

    /** The agent listens again shortly after a debugger leaves: ask until it does. */
    static JdwpStatus awaitListening(long pid) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JdwpStatus s;
        do {
            s = LocalJvms.describe(pid, WAIT).jdwp();
        } while (s.state() != JdwpStatus.State.LISTENING && System.nanoTime() < deadline);
        return s;
    }

    static Progress notes(List<String> into) {
        return new Progress() {
            @Override
            public void phase(String name, long total) {
            }

            @Override
            public void advance(long done) {
            }

            @Override
            public synchronized void note(String line) {
                into.add(line);
            }
        };
    }
}
