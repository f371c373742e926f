package io.maprace.model;

import io.maprace.events.CallStack;
import io.maprace.events.Frame;
import io.maprace.events.ThreadRef;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code jstack} text of a thread dump (as JFR's {@code jdk.ThreadDump} records it, or {@code jcmd
 * Thread.print} prints it; JDK 17 and 25 forms): threads with their state, frames and, where HotSpot prints them,
 * their CPU time, age and allocated bytes; and the deadlock report the JVM appends when it finds one.
 */
public final class ThreadDumpParser {

    private static final Pattern HEADER = Pattern.compile("^\"(.*)\"\\s+#(\\d+)");
    private static final Pattern STATE = Pattern.compile("^\\s+java\\.lang\\.Thread\\.State: (\\S+)");
    private static final Pattern FRAME = Pattern.compile("^\\s+at ([\\w$.<>/]+)\\.([\\w$<>]+)\\((.*)\\)");
    private static final Pattern LINE = Pattern.compile(":(\\d+)\\)?$");
    private static final Pattern DEADLOCKED = Pattern.compile("^\"(.*)\":\\s*$");
    private static final Pattern CPU = Pattern.compile(" cpu=([0-9.]+)ms");
    private static final Pattern ELAPSED = Pattern.compile(" elapsed=([0-9.]+)s");
    private static final Pattern ALLOCATED = Pattern.compile(" allocated=([0-9]+)([BKMG])");

    /**
     * What HotSpot prints in a thread's header line ({@code cpu=5990.12ms elapsed=6.01s}, and with
     * {@code Thread.print -e} {@code allocated=15431K}); other JVMs print none of it.
     *
     * @param cpuMillis CPU time the thread used since it started, or NaN when not printed
     * @param elapsedSeconds how long ago the thread started, or NaN when not printed
     * @param allocatedBytes bytes the thread allocated since it started, or -1 when not printed
     */
    public record ThreadTimes(double cpuMillis, double elapsedSeconds, long allocatedBytes) {

        public static final ThreadTimes UNKNOWN = new ThreadTimes(Double.NaN, Double.NaN, -1);

        public boolean hasCpu() {
            return !Double.isNaN(cpuMillis) && !Double.isNaN(elapsedSeconds);
        }

        public boolean hasAllocated() {
            return allocatedBytes >= 0;
        }
    }

    public record DumpedThread(ThreadRef thread, String state, CallStack stack, ThreadTimes times) {

        public DumpedThread(ThreadRef thread, String state, CallStack stack) {
            this(thread, state, stack, ThreadTimes.UNKNOWN);
        }
    }

    /** @param deadlocked names of the threads in the JVM's own deadlock report, empty if it found none */
    public record Dump(List<DumpedThread> threads, List<String> deadlocked) {
    }

    private ThreadDumpParser() {
    }

    public static Dump parse(String text) {
        List<DumpedThread> threads = new ArrayList<>();
        List<String> deadlocked = new ArrayList<>();
        ThreadRef current = null;
        ThreadTimes times = ThreadTimes.UNKNOWN;
        String state = "";
        List<Frame> frames = new ArrayList<>();
        boolean inDeadlock = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("Found one Java-level deadlock") || line.matches("^Found \\d+ deadlocks?\\.?.*")) {
                inDeadlock = true;
                continue;
            }
            if (inDeadlock) {
                Matcher d = DEADLOCKED.matcher(line);
                if (d.find() && !deadlocked.contains(d.group(1))) {
                    deadlocked.add(d.group(1));
                }
                continue;
            }
            Matcher h = HEADER.matcher(line);
            if (h.find()) {
                if (current != null) {
                    threads.add(new DumpedThread(current, state, new CallStack(frames, false), times));
                }
                current = new ThreadRef(Long.parseLong(h.group(2)), h.group(1));
                // The name is quoted and may hold anything: read the times after it.
                times = times(line.substring(h.end()));
                state = "";
                frames = new ArrayList<>();
                continue;
            }
            if (current == null) {
                continue;
            }
            Matcher s = STATE.matcher(line);
            if (s.find()) {
                state = s.group(1);
                continue;
            }
            Matcher f = FRAME.matcher(line);
            if (f.find()) {
                String cls = f.group(1);
                int slash = cls.lastIndexOf('/');
                cls = slash >= 0 ? cls.substring(slash + 1) : cls;
                Matcher l = LINE.matcher(f.group(3));
                frames.add(new Frame(cls, f.group(2), l.find() ? Integer.parseInt(l.group(1)) : -1, false));
            }
        }
        if (current != null) {
            threads.add(new DumpedThread(current, state, new CallStack(frames, false), times));
        }
        return new Dump(threads, deadlocked);
    }

    static ThreadTimes times(String header) {
        Matcher c = CPU.matcher(header);
        Matcher e = ELAPSED.matcher(header);
        Matcher a = ALLOCATED.matcher(header);
        double cpu = c.find() ? Double.parseDouble(c.group(1)) : Double.NaN;
        double elapsed = e.find() ? Double.parseDouble(e.group(1)) : Double.NaN;
        long allocated = -1;
        if (a.find()) {
            long unit = switch (a.group(2)) {
                case "K" -> 1L << 10;
                case "M" -> 1L << 20;
                case "G" -> 1L << 30;
                default -> 1L;
            };
            allocated = Long.parseLong(a.group(1)) * unit;
        }
        return new ThreadTimes(cpu, elapsed, allocated);
    }
}
