package io.maprace.probe.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CPU time the target's JDWP agent threads have used ({@code JDWP Transport Listener}, {@code JDWP Command
 * Reader}, {@code JDWP Event Helper}): the work maprace's requests make the target do, read from
 * {@code /proc/PID/task/TID/stat} without touching the target. On a host whose cores the application keeps busy,
 * that time is taken from the application: it is what a live command costs the target, measured rather than
 * estimated. Only for a local target on Linux; a target known by {@code host:port} has none.
 */
public final class AgentCpu {

    /** {@code /proc} states CPU time in clock ticks of 1/100 s (USER_HZ, fixed in the Linux ABI). */
    private static final long NANOS_PER_TICK = 10_000_000L;
    /** Thread names as {@code /proc} keeps them: the first 15 bytes. */
    private static final String AGENT_THREAD_PREFIX = "JDWP ";

    private final Path tasks;
    private volatile List<Path> agentThreads;

    private AgentCpu(Path tasks, List<Path> agentThreads) {
        this.tasks = tasks;
        this.agentThreads = agentThreads;
    }

    /** The meter for a local target whose agent threads can be read; empty otherwise. */
    public static Optional<AgentCpu> of(long pid) {
        if (pid <= 0 || !ProcFs.hasProc()) {
            return Optional.empty();
        }
        Path tasks = Paths.get("/proc", Long.toString(pid), "task");
        List<Path> threads = agentThreads(tasks);
        return threads.isEmpty() ? Optional.empty() : Optional.of(new AgentCpu(tasks, threads));
    }

    /** CPU time the agent threads have used since the target started, in nanoseconds; -1 once they are gone. */
    public long nanos() {
        long total = 0;
        for (Path stat : agentThreads) {
            long ticks = ticks(stat);
            if (ticks < 0) {
                // a thread of the agent ended (the target exits): list them again
                agentThreads = agentThreads(tasks);
                return agentThreads.isEmpty() ? -1 : nanos();
            }
            total += ticks;
        }
        return total * NANOS_PER_TICK;
    }

    private static List<Path> agentThreads(Path tasks) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                String comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8);
                if (comm.startsWith(AGENT_THREAD_PREFIX)) {
                    out.add(task.resolve("stat"));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // the target is gone, or its tasks are not ours to read
        }
        return List.copyOf(out);
    }

    /** utime + stime of one thread, or -1 if it is gone. */
    static long ticks(Path stat) {
        try {
            return ticksOf(Files.readString(stat, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime from a {@code stat} line; the name in parentheses may itself hold spaces and parentheses. */
    static long ticksOf(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        // after the name: state is field 3 of the line, utime field 14, stime field 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
