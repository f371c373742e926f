package io.maprace.rules;

import io.maprace.events.AllocationSample;
import io.maprace.events.AllocationTimes;
import io.maprace.events.EpochNanos;
import io.maprace.events.Frame;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Advice;
import io.maprace.findings.Evidence;
import io.maprace.findings.FindingKind;
import io.maprace.findings.MapRef;
import io.maprace.findings.Numbers;
import io.maprace.findings.Severity;
import io.maprace.model.MapCall;
import io.maprace.model.StackClassifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Threads whose samples stay in one map-internal method, called from one site, for longer than
 * {@link AnalysisSettings#stuckAfter()}, without allocating anything meanwhile: the loop of a corrupted bin or
 * tree. A tight loop over a large healthy map can also keep every sample inside {@code putVal} or
 * {@code getNode} for seconds, but it allocates (keys, nodes, tables) and allocation samples show it; a thread
 * looping over a corrupted bin allocates nothing.
 */
public final class StuckInMapRule implements Rule {

    /** A thread not sampled for this long may have left and come back: start a new run. */
    private static final long MAX_GAP_NANOS = Duration.ofSeconds(2).toNanos();

    private final StackClassifier classifier;
    private final AnalysisSettings settings;
    private final long stuckAfterNanos;
    /*
     * Each thread's run, open or not: most runs are short (a thread leaves map code at its next sample), so a
     * closed one is started again in place rather than dropped and made anew; one that was reported is not.
     */
    private final ThreadIdTable<Run> runs = new ThreadIdTable<>();
    private final List<Run> stuck = new ArrayList<>();

    public StuckInMapRule(StackClassifier classifier, AnalysisSettings settings) {
        this.classifier = classifier;
        this.settings = settings;
        // a third of the longest span nanoseconds hold at most: a run three times as long is still a number
        this.stuckAfterNanos = settings.stuckAfter().compareTo(Duration.ofNanos(Long.MAX_VALUE / 3)) >= 0
                ? Long.MAX_VALUE / 3 : settings.stuckAfter().toNanos();
    }

    private boolean allocationSampled;
    /** Plain allocation samples of the stretch of samples being accepted, until its end. */
    private final List<AllocationTimes> stretch = new ArrayList<>();

    /**
     * An allocation sample of {@code thread} at {@code time}, handed over as an event (a live stream, a map's own
     * allocation): a thread that allocates is not spinning.
     */
    void allocated(ThreadRef thread, Instant time) {
        allocationSampled = true;
        Run run = runs.get(thread.id());
        if (run != null && run.open && EpochNanos.of(time) >= run.fromNanos) {
            run.allocated = true;
        }
    }

    /**
     * Plain allocation samples of the stretch whose samples come next: a run is checked against them only when it
     * ends long enough to count (a few in a recording), not at each of the millions.
     */
    void allocations(AllocationTimes times) {
        if (times.size() > 0) {
            allocationSampled = true;
            stretch.add(times);
        }
    }

    /** Whether the run's thread allocated from the run's start to {@code untilNanos}, in this stretch's batches. */
    private boolean allocatedInStretch(Run run, long untilNanos) {
        long from = run.fromNanos;
        for (AllocationTimes t : stretch) {
            if (t.any(run.thread.id(), from, untilNanos)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void segmentEnd() {
        // A run still open goes on into the next stretch: what its thread allocated in this one counts now. One
        // pass over the stretch's allocations for every open run: a thread's come in runs of their own.
        if (!stretch.isEmpty()) {
            if (anyOpenWithoutAllocation()) {
                for (AllocationTimes t : stretch) {
                    markAllocated(t);
                }
            }
            stretch.clear();
        }
    }

    private boolean anyOpenWithoutAllocation() {
        for (Run run : runs.values()) {
            if (run.open && !run.allocated) {
                return true;
            }
        }
        return false;
    }

    private void markAllocated(AllocationTimes times) {
        long lastThread = 0;
        Run run = null;
        for (int i = 0, n = times.size(); i < n; i++) {
            long thread = times.threadId(i);
            if (i == 0 || thread != lastThread) {
                lastThread = thread;
                run = runs.get(thread);
            }
            if (run != null && run.open && !run.allocated && times.epochNanos(i) >= run.fromNanos) {
                run.allocated = true;
            }
        }
    }

    @Override
    public void accept(ObservedEvent event) {
        if (event instanceof AllocationSample a) {
            allocated(a.thread(), a.time());
            return;
        }
        if (!(event instanceof StackSample s)) {
            return;
        }
        Optional<MapCall> call = classifier.classify(s.stack());
        long threadId = s.thread().id();
        Run run = runs.get(threadId);
        boolean isOpen = run != null && run.open;
        if (call.isEmpty() || !call.get().spinProne()) {
            if (isOpen) {
                close(run, s.epochNanos());
            }
            return;
        }
        MapCall c = call.get();
        // Keys are shared by every sample of one stack: compared without building strings per sample.
        MapCall.Keys key = c.keys();
        // times compared as nanoseconds: no Instant made per sample
        long now = s.epochNanos();
        if (isOpen && sameSiteAndMethod(run.key, key) && now - run.toNanos <= MAX_GAP_NANOS
                && now >= run.toNanos) {
            run.extend(now, c);
            return;
        }
        if (isOpen) {
            close(run, now);
        }
        if (run == null || run.reported) {
            run = new Run();
            runs.put(threadId, run);
        }
        run.start(key, s.thread(), now, c);
    }

    private static boolean sameSiteAndMethod(MapCall.Keys a, MapCall.Keys b) {
        // a string's hash is kept in it: sites of one class share a long prefix that equals would compare first
        return a == b || (a.site().hashCode() == b.site().hashCode() && a.site().equals(b.site())
                && a.innermostMethod().equals(b.innermostMethod()));
    }

    /**
     * Ends a run at {@code untilNanos}, the time of the sample that ended it, or {@link Long#MAX_VALUE} at the
     * recording's end.
     */
    private void close(Run run, long untilNanos) {
        run.open = false;
        // Without allocation sampling in the recording, the busy-loop look-alike cannot be ruled out: ask for
        // a run three times as long.
        long needed = allocationSampled ? stuckAfterNanos : stuckAfterNanos * 3;
        if (!run.allocated && run.samples >= settings.stuckMinSamples() && run.toNanos - run.fromNanos >= needed
                && !allocatedInStretch(run, untilNanos)) {
            run.reported = true;
            stuck.add(run);
        }
    }

    @Override
    public List<FindingDraft> findings(Corroboration corroboration) {
        for (Run r : runs.values()) {
            if (r.open) {
                close(r, Long.MAX_VALUE);
            }
        }
        runs.clear();
        Map<String, List<Run>> bySite = new LinkedHashMap<>();
        for (Run r : stuck) {
            bySite.computeIfAbsent(r.call.site().site(), k -> new ArrayList<>()).add(r);
        }
        List<FindingDraft> out = new ArrayList<>();
        for (List<Run> runs : bySite.values()) {
            MapCall c = runs.get(0).call;
            LinkedHashSet<ThreadRef> threads = new LinkedHashSet<>();
            List<Evidence> evidence = new ArrayList<>();
            long longest = 0;
            for (Run r : runs) {
                threads.add(r.thread);
                Instant from = EpochNanos.toInstant(r.fromNanos);
                Instant to = EpochNanos.toInstant(r.toNanos);
                longest = Math.max(longest, Duration.between(from, to).toMillis());
                evidence.add(new Evidence.SampleRun(r.thread, from, to, r.samples, c.site().site(),
                        List.copyOf(r.mapFrames())));
            }
            corroboration.add(c.site().qualifiedMethod(), "threads stuck in " + c.innermost().qualifiedMethod());
            String title = threads.size() + " thread" + (threads.size() == 1 ? "" : "s") + " stuck in "
                    + shortName(c.innermost()) + " for up to " + Numbers.fixed(longest / 1000.0, 1)
                    + " s, called from " + c.site().site();
            out.add(new FindingDraft(FindingKind.STUCK_IN_MAP, Severity.LIKELY, title,
                    MapRef.ofType(c.family().className()), List.of(c.site().site()), List.copyOf(threads),
                    evidence, Advice.stuckExplanation(c.family(), c.innermost().qualifiedMethod()),
                    Advice.stuckAdvice(c.family())));
        }
        return out;
    }

    private static String shortName(Frame f) {
        return f.className().substring(f.className().lastIndexOf('.') + 1) + "." + f.method();
    }

    private static final class Run {
        MapCall.Keys key;
        ThreadRef thread;
        MapCall call;
        /*
         * The distinct keys of the run's samples, in the order first sampled: their inner sites are gathered
         * only for a run that is reported, not for each of the many short ones.
         */
        private final List<MapCall.Keys> keys = new ArrayList<>(2);
        private MapCall.Keys lastKeys;
        /* Its first and last samples' times, in nanoseconds since the epoch. */
        long fromNanos;
        long toNanos;
        int samples;
        boolean allocated;
        /** Whether the thread is in it now. */
        boolean open;
        /** Whether it was found stuck: kept as it is, and not started again. */
        boolean reported;

        void start(MapCall.Keys key, ThreadRef thread, long fromNanos, MapCall call) {
            this.key = key;
            this.thread = thread;
            this.fromNanos = fromNanos;
            this.call = call;
            keys.clear();
            lastKeys = null;
            samples = 0;
            allocated = false;
            open = true;
            extend(fromNanos, call);
        }

        void extend(long tNanos, MapCall c) {
            toNanos = tNanos;
            samples++;
            MapCall.Keys k = c.keys();
            if (k != lastKeys) {
                lastKeys = k;
                // by index: an iterator is an allocation under the C1 compiler, and this runs for most samples
                for (int i = 0; i < keys.size(); i++) {
                    if (keys.get(i) == k) {
                        return;
                    }
                }
                keys.add(k);
            }
        }

        /** The inner map sites of its samples, in the order sampled, up to six or a little more. */
        Set<String> mapFrames() {
            Set<String> frames = new LinkedHashSet<>();
            for (MapCall.Keys k : keys) {
                if (frames.size() < 6) {
                    frames.addAll(k.innerMapSites());
                }
            }
            return frames;
        }
    }
}
