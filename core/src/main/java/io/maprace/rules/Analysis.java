package io.maprace.rules;

import io.maprace.events.AllocationSample;
import io.maprace.events.AllocationTimes;
import io.maprace.events.EpochNanos;
import io.maprace.events.EventSink;
import io.maprace.events.LockWait;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadDumpText;
import io.maprace.events.ThreadRef;
import io.maprace.events.ThrownException;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.SampleCounts;
import io.maprace.findings.Severity;
import io.maprace.findings.Timeline;
import io.maprace.graph.ContentionGraph;
import io.maprace.graph.ContentionGraphBuilder;
import io.maprace.model.StackClassifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sample-based analysis, whatever the source: feed it observed events (from a recording file or a live
 * stream), then {@link #finish()}. It runs every rule over one pass and ranks what they found.
 */
public final class Analysis implements EventSink {

    private final StackClassifier classifier = new StackClassifier();
    private final ContentionGraphBuilder graph = new ContentionGraphBuilder();
    private final StuckInMapRule stuck;
    private final MapExceptionRule exceptions;
    private final ThreadDumpRule dumps = new ThreadDumpRule();
    private final WriteGroups writeGroups;
    private final List<Rule> writers;
    private final LockContentionRule contention;
    private final TimelineBuilder timeline;
    /** Everything that sees the events, in this order. */
    private final EventSink[] sinks;
    /** The ids of the threads sampled. */
    private final ThreadIdTable<Boolean> sampledThreads = new ThreadIdTable<>();
    private volatile Duration samplingPeriod;
    private long samples;
    private long lockWaits;
    private long allocationSamples;
    private long exceptionEvents;
    private long threadDumps;
    private final MapAllocations.LastClass allocatedClasses = new MapAllocations.LastClass();
    private Instant first;
    private Instant last;
    /* first and last in nanoseconds: plain allocations are compared with them without an Instant each */
    private long firstNanos = Long.MIN_VALUE;
    private long lastNanos = Long.MIN_VALUE;

    public Analysis(AnalysisSettings settings) {
        this.samplingPeriod = settings.defaultSamplingPeriod();
        this.stuck = new StuckInMapRule(classifier, settings);
        this.exceptions = new MapExceptionRule(classifier);
        this.writeGroups = new WriteGroups(classifier, settings, () -> samplingPeriod);
        this.writers = List.of(new ConcurrentWritersRule(writeGroups), new HiddenWriteRule(writeGroups),
                new PerCallStateRule(writeGroups));
        this.contention = new LockContentionRule(graph);
        this.timeline = new TimelineBuilder(classifier);
        // arrays: the loop over them runs for each of millions of events, with no iterator
        this.sinks = new EventSink[] {stuck, exceptions, dumps, writeGroups, contention, timeline};
    }

    /** The period the source sampled threads at; "same moment" means within one period. */
    public void samplingPeriod(Duration period) {
        if (period != null && !period.isZero() && !period.isNegative()) {
            this.samplingPeriod = period;
        }
    }

    @Override
    public void accept(ObservedEvent event) {
        if (event instanceof AllocationSample a && !allocatedClasses.isRead(a.objectClass())) {
            // the same as a source that hands such samples over without an event
            plainAllocation(a.thread(), a.time());
            return;
        }
        if (event instanceof StackSample s) {
            seenNanos(s.epochNanos());
            samples++;
            // threads alternate: most are found in the table's recent slots
            long id = s.thread().id();
            if (sampledThreads.get(id) == null) {
                sampledThreads.put(id, Boolean.TRUE);
            }
            // Samples are most events: they go only to the rules that read them, called directly (a call through
            // the sink interface is a table lookup under the C1 compiler, three per sample).
            stuck.accept(event);
            writeGroups.accept(event);
            timeline.accept(event);
            return;
        }
        seen(event.time());
        if (event instanceof AllocationSample) {
            allocationSamples++;
            stuck.accept(event);
            writeGroups.accept(event);
            return;
        } else if (event instanceof LockWait) {
            lockWaits++;
        } else if (event instanceof ThrownException) {
            exceptionEvents++;
        } else if (event instanceof ThreadDumpText) {
            threadDumps++;
        }
        sinksOf(sinks, event);
    }

    /**
     * Allocation samples of classes {@link MapAllocations#isRead no rule reads}, of the stretch of a recording whose
     * samples are accepted next (until {@link #segmentEnd}): all they tell is that a thread allocated then.
     */
    public void plainAllocations(AllocationTimes times) {
        int n = times.size();
        if (n == 0) {
            return;
        }
        long min = times.earliestNanos();
        long max = times.latestNanos();
        seenNanos(min);
        seenNanos(max);
        allocationSamples += n;
        stuck.allocations(times);
    }

    private void plainAllocation(ThreadRef thread, Instant time) {
        seen(time);
        allocationSamples++;
        stuck.allocated(thread, time);
    }

    private void seen(Instant t) {
        if (t != null) {
            seen(EpochNanos.of(t), t);
        }
    }

    /** As {@link #seen(Instant)}, for a time in nanoseconds since the epoch (or none). */
    private void seenNanos(long t) {
        if (t != StackSample.NO_TIME) {
            seen(t, null);
        }
    }

    /** Widens the span to {@code nanos}; its Instant is {@code time}, or made here when the span takes it. */
    private void seen(long nanos, Instant time) {
        if (first == null || nanos < firstNanos) {
            first = time != null ? time : EpochNanos.toInstant(nanos);
            firstNanos = nanos;
        }
        if (last == null || nanos > lastNanos) {
            last = time != null ? time : EpochNanos.toInstant(nanos);
            lastNanos = nanos;
        }
    }

    private static void sinksOf(EventSink[] to, ObservedEvent event) {
        for (EventSink r : to) {
            r.accept(event);
        }
    }

    @Override
    public void segmentEnd() {
        for (EventSink r : sinks) {
            r.segmentEnd();
        }
        classifier.trim();
    }

    public long samples() {
        return samples;
    }

    public Instant firstEvent() {
        return first;
    }

    public Instant lastEvent() {
        return last;
    }

    public Result finish() {
        Corroboration corroboration = new Corroboration();
        List<FindingDraft> found = new ArrayList<>();
        found.addAll(mergeStuck(stuck.findings(corroboration), dumps.findings(corroboration), samples > 0));
        found.addAll(exceptions.findings(corroboration));
        for (Rule r : writers) {
            found.addAll(r.findings(corroboration));
        }

        found.sort((a, b) -> a.severity() != b.severity() ? a.severity().compareTo(b.severity())
                : a.kind().compareTo(b.kind()));
        List<Finding> numbered = new ArrayList<>();
        for (FindingDraft f : found) {
            numbered.add(f.numbered("F" + (numbered.size() + 1)));
        }
        numbered.forEach(graph::addFinding);
        ContentionGraph g = graph.build();
        SampleCounts counts = new SampleCounts(samples, sampledThreads.values().size(), samplingPeriod.toMillis(), lockWaits,
                allocationSamples, exceptionEvents, threadDumps, writeGroups.lockedWriteSamples(),
                writeGroups.confinedGroups(), writeGroups.lockedGroups());
        return new Result(numbered, g, counts, first, last,
                timeline.build(first, last, numbered, writeGroups.reported()));
    }

    /**
     * A stuck site seen in samples and in thread dumps is one finding with both kinds of evidence. Two dumps
     * cannot tell a stuck thread from a busy loop over a healthy map: alone, they make a candidate, and only
     * when there are no samples to look closer with.
     */
    private static List<FindingDraft> mergeStuck(List<FindingDraft> fromSamples, List<FindingDraft> fromDumps,
                                                 boolean haveSamples) {
        List<FindingDraft> out = new ArrayList<>(fromSamples);
        for (FindingDraft d : fromDumps) {
            if (d.kind() != FindingKind.STUCK_IN_MAP) {
                out.add(d);
                continue;
            }
            int i = indexOfSite(out, d.sites());
            if (i < 0) {
                if (!haveSamples) {
                    out.add(d.withSeverity(Severity.CANDIDATE));
                }
                continue;
            }
            FindingDraft s = out.get(i);
            List<Evidence> evidence = new ArrayList<>(s.evidence());
            evidence.addAll(d.evidence());
            Set<io.maprace.events.ThreadRef> threads = new java.util.LinkedHashSet<>(s.threads());
            threads.addAll(d.threads());
            out.set(i, new FindingDraft(s.kind(), s.severity(), s.title(), s.map(), s.sites(),
                    List.copyOf(threads), evidence, s.explanation(), s.advice()));
        }
        return out;
    }

    private static int indexOfSite(List<FindingDraft> findings, List<String> sites) {
        for (int i = 0; i < findings.size(); i++) {
            if (findings.get(i).kind() == FindingKind.STUCK_IN_MAP && findings.get(i).sites().equals(sites)) {
                return i;
            }
        }
        return -1;
    }

    /** What the analysis found, before a source wraps it into a report. */
    public record Result(List<Finding> findings, ContentionGraph graph, SampleCounts counts, Instant first,
                         Instant last, Timeline timeline) {
    }
}
