package io.maprace.rules;

import io.maprace.events.Frame;
import io.maprace.events.ObservedEvent;
import io.maprace.events.ThreadDumpText;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Advice;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.MapRef;
import io.maprace.findings.Numbers;
import io.maprace.findings.Severity;
import io.maprace.model.MapApi;
import io.maprace.model.MapCall;
import io.maprace.model.StackClassifier;
import io.maprace.model.ThreadDumpParser;
import io.maprace.model.ThreadDumpParser.DumpedThread;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A burst of thread dumps taken a moment apart ({@code maprace stuck}): threads that are RUNNABLE inside the
 * internals where a corrupted map loops ({@link MapApi#isSpinProne}) in every dump, called from the very same
 * application frames, and that used CPU between every two dumps, are stuck there. Threads that pass through map
 * code are in it in some dumps only and are not reported. A thread busy over a large healthy map can be caught
 * in map code in every dump too, but it progresses: the frames below the map change (another line of its loop,
 * another caller), or it allocates (HotSpot's {@code allocated=}); such threads are told apart in
 * {@link #busy()}, not reported as stuck.
 *
 * <p>Without CPU times in the dumps (a JVM other than HotSpot), the stacks alone decide, and findings are only
 * candidates: a thread that is descheduled, or waiting in native code while its Java state says RUNNABLE, looks
 * the same.
 */
public final class SpinningThreadsRule implements Rule {

    /** A thread that allocated more than this during the burst is doing work, not looping in a bin. */
    static final long PROGRESS_ALLOCATION_BYTES = 256 * 1024;
    /** Less CPU than this between two dumps (ms) is no CPU: the thread did not run. */
    private static final double MIN_INTERVAL_CPU_MILLIS = 0.5;

    private final StackClassifier classifier = new StackClassifier();
    private final double minCpuShare;
    private final boolean jdwp;
    private final Map<Long, List<Seen>> byThread = new LinkedHashMap<>();
    private final List<String> busy = new ArrayList<>();
    private int dumps;
    private boolean cpuMissing;
    private boolean judged;

    /**
     * @param minCpuShare the share of one core a thread must use over the burst to count as spinning
     * @param jdwp whether the target has a JDWP agent: the advice then names the fix that needs no restart
     */
    public SpinningThreadsRule(double minCpuShare, boolean jdwp) {
        this.minCpuShare = minCpuShare;
        this.jdwp = jdwp;
    }

    private record Seen(Instant time, DumpedThread thread, Optional<MapCall> call) {
    }

    @Override
    public void accept(ObservedEvent event) {
        if (!(event instanceof ThreadDumpText d)) {
            return;
        }
        dumps++;
        for (DumpedThread t : ThreadDumpParser.parse(d.text()).threads()) {
            if (!t.times().hasCpu()) {
                cpuMissing = true;
            }
            byThread.computeIfAbsent(t.thread().id(), k -> new ArrayList<>())
                    .add(new Seen(d.time(), t, classifier.classify(t.stack())));
        }
    }

    public int dumps() {
        return dumps;
    }

    /** Whether every thread of every dump had HotSpot's {@code cpu=} and {@code elapsed=}. */
    public boolean cpuTimesKnown() {
        return dumps > 0 && !cpuMissing;
    }

    /**
     * Threads found in map internals in every dump that progressed, one line each saying why they are not
     * reported: {@link #findings} must be called first.
     */
    public List<String> busy() {
        return List.copyOf(busy);
    }

    @Override
    public List<FindingDraft> findings(Corroboration corroboration) {
        if (judged) {
            throw new IllegalStateException("findings() already called");
        }
        judged = true;
        Map<String, List<Spinner>> bySite = new LinkedHashMap<>();
        if (dumps >= 2) {
            for (List<Seen> seen : byThread.values()) {
                spinner(seen).ifPresent(s -> bySite.computeIfAbsent(s.call.site().site(), k -> new ArrayList<>())
                        .add(s));
            }
        }
        List<FindingDraft> out = new ArrayList<>();
        for (List<Spinner> spinners : bySite.values()) {
            out.add(finding(spinners, corroboration));
        }
        return out;
    }

    private record Spinner(MapCall call, Evidence.SpinningThread evidence) {
    }

    /** The thread's verdict: a spinner, or empty (after noting it in {@link #busy} when it looked like one). */
    private Optional<Spinner> spinner(List<Seen> seen) {
        if (seen.size() < dumps) {
            return Optional.empty(); // started or ended during the burst
        }
        for (Seen s : seen) {
            if (!"RUNNABLE".equals(s.thread.state()) || s.call.isEmpty() || loop(s.call.get()).isEmpty()) {
                return Optional.empty(); // passing through map code, or elsewhere at some dump
            }
        }
        MapCall first = seen.get(0).call.get();
        ThreadRef thread = seen.get(seen.size() - 1).thread.thread();
        String where = thread + " in " + shortName(loop(first).get()) + " at " + first.site().site();
        for (Seen s : seen) {
            if (!callers(s).equals(callers(seen.get(0)))) {
                busy.add(where + ": in map code in every dump, but the frames below the map changed ("
                        + s.call.get().site().site() + "): it progresses over a healthy map, not stuck");
                return Optional.empty();
            }
        }
        ThreadDumpParser.ThreadTimes from = seen.get(0).thread.times();
        ThreadDumpParser.ThreadTimes to = seen.get(seen.size() - 1).thread.times();
        Long allocated = from.hasAllocated() && to.hasAllocated() ? to.allocatedBytes() - from.allocatedBytes()
                : null;
        if (allocated != null && allocated > PROGRESS_ALLOCATION_BYTES) {
            busy.add(where + ": in map code in every dump, but it allocated " + allocated / 1024
                    + " KB meanwhile: it progresses, not stuck");
            return Optional.empty();
        }
        Double share = null;
        Double upTo = null;
        boolean cpuKnown = seen.stream().allMatch(s -> s.thread.times().hasCpu());
        if (cpuKnown) {
            for (int i = 1; i < seen.size(); i++) {
                double cpu = seen.get(i).thread.times().cpuMillis() - seen.get(i - 1).thread.times().cpuMillis();
                if (cpu < MIN_INTERVAL_CPU_MILLIS) {
                    busy.add(where + ": RUNNABLE in map code in every dump but it used no CPU between two of "
                            + "them: not spinning");
                    return Optional.empty();
                }
            }
            double wallMillis = (to.elapsedSeconds() - from.elapsedSeconds()) * 1000;
            share = wallMillis > 0 ? (to.cpuMillis() - from.cpuMillis()) / wallMillis : 0.0;
            if (share < minCpuShare) {
                busy.add(where + ": in map code in every dump but it used only " + Numbers.fixed(share * 100, 0)
                        + "% of a core: not counted as spinning");
                return Optional.empty();
            }
            upTo = share > 0 ? Math.min(to.elapsedSeconds(), to.cpuMillis() / 1000 / Math.min(1.0, share)) : null;
        }
        LinkedHashSet<String> mapFrames = new LinkedHashSet<>();
        for (Seen s : seen) {
            for (Frame f : s.call.get().mapFrames()) {
                if (mapFrames.size() < 8) {
                    mapFrames.add(f.site());
                }
            }
        }
        return Optional.of(new Spinner(first, new Evidence.SpinningThread(thread, first.site().site(),
                List.copyOf(mapFrames), seen.size(), seen.get(0).time, seen.get(seen.size() - 1).time, share,
                cpuKnown ? to.cpuMillis() / 1000 : null, cpuKnown ? to.elapsedSeconds() : null, upTo,
                allocated)));
    }

    /**
     * The innermost map frame where a corrupted map loops. Not always the top map frame: a loop in
     * {@code TreeNode.find} calls {@code HashMap.compareComparables} on every turn, and a dump may catch it there.
     */
    private static Optional<Frame> loop(MapCall call) {
        return call.mapFrames().stream().filter(MapApi::isSpinProne).findFirst();
    }

    /** The application frames from the map's caller down: what must not change for a thread that is stuck. */
    private static List<Frame> callers(Seen s) {
        List<Frame> frames = s.thread.stack().frames();
        return frames.subList(s.call.get().siteIndex(), frames.size());
    }

    private FindingDraft finding(List<Spinner> spinners, Corroboration corroboration) {
        MapCall c = spinners.get(0).call;
        Frame loop = loop(c).orElseThrow();
        List<ThreadRef> threads = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> shares = new ArrayList<>();
        boolean cpuKnown = true;
        for (Spinner s : spinners) {
            threads.add(s.evidence.thread());
            evidence.add(s.evidence);
            if (s.evidence.cpuShare() == null) {
                cpuKnown = false;
            } else {
                shares.add(Numbers.fixed(s.evidence.cpuShare() * 100, 0) + "%");
            }
        }
        corroboration.add(c.site().qualifiedMethod(), "threads spinning in " + loop.qualifiedMethod());
        String title = threads.size() + " thread" + (threads.size() == 1 ? "" : "s") + " spinning in " + shortName(loop)
                + (cpuKnown ? " at " + String.join(", ", shares) + " of a core" : " (stacks only: no CPU times)")
                + ", called from " + c.site().site();
        return new FindingDraft(FindingKind.STUCK_IN_MAP, cpuKnown ? Severity.LIKELY : Severity.CANDIDATE, title,
                MapRef.ofType(c.family().className()), List.of(c.site().site()), threads, evidence,
                Advice.spinningExplanation(c.family(), loop.qualifiedMethod(), cpuKnown),
                Advice.spinningAdvice(c.family(), jdwp));
    }

    private static String shortName(Frame f) {
        return f.className().substring(f.className().lastIndexOf('.') + 1) + "." + f.method();
    }
}
