package io.maprace.model;

import io.maprace.events.CallStack;
import io.maprace.events.Frame;
import io.maprace.events.ThreadRef;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code jstack} text of a thread dump (as JFR's {@code jdk.ThreadDump} records it, JDK 17 and 25
 * forms): threads with their state and frames, and the deadlock report the JVM appends when it finds one.
 */
public final class ThreadDumpParser {

    private static final Pattern HEADER = Pattern.compile("^\"(.*)\"\\s+#(\\d+)");
    private static final Pattern STATE = Pattern.compile("^\\s+java\\.lang\\.Thread\\.State: (\\S+)");
    private static final Pattern FRAME = Pattern.compile("^\\s+at ([\\w$.<>/]+)\\.([\\w$<>]+)\\((.*)\\)");
    private static final Pattern LINE = Pattern.compile(":(\\d+)\\)?$");
    private static final Pattern DEADLOCKED = Pattern.compile("^\"(.*)\":\\s*$");

    public record DumpedThread(ThreadRef thread, String state, CallStack stack) {
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
                    threads.add(new DumpedThread(current, state, new CallStack(frames, false)));
                }
                current = new ThreadRef(Long.parseLong(h.group(2)), h.group(1));
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
            threads.add(new DumpedThread(current, state, new CallStack(frames, false)));
        }
        return new Dump(threads, deadlocked);
    }
}
