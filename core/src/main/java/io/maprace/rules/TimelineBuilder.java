package io.maprace.rules;

import io.maprace.events.EventSink;
import io.maprace.events.LockWait;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.Timeline;
import io.maprace.model.MapCall;
import io.maprace.model.StackClassifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects what the report's timeline draws while the events pass: map-code samples per thread and site in
 * short buckets, and lock waits; at the end it adds what the findings hold (stuck runs, exceptions, co-sampled
 * moments) and links every mark to its finding. Bounded: buckets are merged into a fixed number of columns and
 * the lanes and marks per lane are capped.
 */
final class TimelineBuilder implements EventSink {

    /** Columns the span is cut into for map-code samples. */
    static final int COLUMNS = 150;
    static final int MAX_LANES = 32;
    private static final int MAX_WAITS_PER_THREAD = 200;
    private static final long BUCKET_MILLIS = 10;

    private final StackClassifier classifier;
    private final Map<String, Integer> siteIndex = new LinkedHashMap<>();
    /*
     * Lanes are keyed by the thread's id and name, not its id alone: recordings of several JVMs analyzed together
     * reuse thread ids.
     */
    private final ThreadTable<Lane> samples = new ThreadTable<>();
    /* Each call's site number: the classifier gives one instance per distinct call. */
    private final PerCall<Integer> siteOfCall = new PerCall<>(50_000);

    /** One thread's map-code samples by site and bucket, and its last bucket: it gets most of the next samples. */
    private static final class Lane {
        /** By site number: the sites are numbered from 0 in the order first sampled. */
        final List<BucketCounts> bySite = new ArrayList<>();
        int lastSite = -1;
        BucketCounts lastCounts;

        void add(int site, long bucket) {
            if (site != lastSite) {
                while (bySite.size() <= site) {
                    bySite.add(null);
                }
                BucketCounts counts = bySite.get(site);
                if (counts == null) {
                    counts = new BucketCounts();
                    bySite.set(site, counts);
                }
                lastSite = site;
                lastCounts = counts;
            }
            lastCounts.add(bucket);
        }
    }
    private final Map<ThreadRef, List<LockWait>> waits = new HashMap<>();

    TimelineBuilder(StackClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public void accept(ObservedEvent event) {
        if (event instanceof StackSample s && s.epochNanos() != StackSample.NO_TIME) {
            Optional<MapCall> c = classifier.classify(s.stack());
            // JDK code's own maps are not the application's: no lane for them
            if (c.isPresent() && !c.get().jdkSite()) {
                Integer site = siteOfCall.get(c.get());
                if (site == null) {
                    site = siteOfCall.put(c.get(),
                            siteIndex.computeIfAbsent(c.get().keys().site(), k -> siteIndex.size()));
                }
                long bucket = Math.floorDiv(s.epochNanos(), 1_000_000L) / BUCKET_MILLIS;
                Lane lane = samples.get(s.thread());
                if (lane == null) {
                    lane = new Lane();
                    samples.put(s.thread(), lane);
                }
                lane.add(site, bucket);
            }
        } else if (event instanceof LockWait w && w.time() != null && w.waiter() != null) {
            List<LockWait> ws = waits.computeIfAbsent(w.waiter(), k -> new ArrayList<>());
            ws.add(w);
            if (ws.size() > 2 * MAX_WAITS_PER_THREAD) {
                // keep the longest waits
                ws.sort(TimelineBuilder::longestFirst);
                ws.subList(MAX_WAITS_PER_THREAD, ws.size()).clear();
            }
        }
    }

    /** The timeline over {@code [start, end]}, its marks linked to the numbered findings. */
    Timeline build(Instant start, Instant end, List<Finding> findings, List<WriteGroup> reported) {
        if (start == null || end == null) {
            return Timeline.EMPTY;
        }
        Map<ThreadRef, List<Timeline.Mark>> marks = new HashMap<>();
        Map<ThreadRef, Integer> relevance = new HashMap<>();
        long spanMillis = Math.max(1, Duration.between(start, end).toMillis());
        long column = Math.max(BUCKET_MILLIS, (spanMillis + COLUMNS - 1) / COLUMNS);
        List<String> sites = new ArrayList<>(siteIndex.keySet());
        // The finding of each site, looked up once rather than for each column of each lane.
        String[] findingOfSite = new String[sites.size()];
        for (int site = 0; site < findingOfSite.length; site++) {
            findingOfSite[site] = findingAt(findings, sites.get(site));
        }
        for (Map.Entry<ThreadRef, Lane> e : samples.asMap().entrySet()) {
            ThreadRef thread = e.getKey();
            List<BucketCounts> bySite = e.getValue().bySite;
            // Site by site: the lane's marks are sorted by time below, and a stable sort keeps the marks of one
            // column in the order of their sites.
            for (int site = 0; site < bySite.size(); site++) {
                BucketCounts counts = bySite.get(site);
                if (counts == null) {
                    continue;
                }
                BucketCounts columns = new BucketCounts();
                counts.forEach((bucket, n) -> columns.add(bucket * BUCKET_MILLIS / column, n));
                int s = site;
                columns.forEach((c, n) -> {
                    Instant from = Instant.ofEpochMilli(c * column);
                    add(marks, thread, new Timeline.Mark(Timeline.Kind.MAP_SAMPLES, from, from.plusMillis(column),
                            s, n, findingOfSite[s], null));
                    relevance.merge(thread, n, Integer::sum);
                });
            }
        }
        for (Finding f : findings) {
            for (Evidence e : f.evidence()) {
                if (e instanceof Evidence.SampleRun r && r.thread() != null) {
                    mark(marks, relevance, r.thread(), new Timeline.Mark(Timeline.Kind.STUCK_RUN, r.from(), r.to(),
                            site(sites, r.site()), r.samples(), f.id(), null));
                } else if (e instanceof Evidence.ExceptionSeen x && x.thread() != null && x.time() != null) {
                    mark(marks, relevance, x.thread(), new Timeline.Mark(Timeline.Kind.EXCEPTION, x.time(), x.time(),
                            -1, 1, f.id(), x.exceptionClass()));
                }
            }
        }
        for (WriteGroup g : reported) {
            String id = findingWithSites(findings, g.sites());
            for (WriteGroup.Moment m : g.moments()) {
                for (ThreadRef t : List.of(m.first(), m.second())) {
                    mark(marks, relevance, t, new Timeline.Mark(Timeline.Kind.CO_SAMPLED, m.time(), m.time(),
                            site(sites, g.sites().get(0)), 1, id, null));
                }
            }
        }
        for (Finding f : findings) {
            f.threads().forEach(t -> relevance.merge(t, 1_000_000, Integer::sum));
        }
        Comparator<ThreadRef> byIdAndName = (a, b) -> a.id() != b.id() ? Long.compare(a.id(), b.id())
                : a.name().compareTo(b.name());
        List<ThreadRef> kept = relevance.entrySet().stream()
                .sorted((a, b) -> !a.getValue().equals(b.getValue()) ? b.getValue().compareTo(a.getValue())
                        : byIdAndName.compare(a.getKey(), b.getKey()))
                .limit(MAX_LANES).map(Map.Entry::getKey).sorted(byIdAndName).toList();
        List<Timeline.Lane> lanes = new ArrayList<>();
        for (ThreadRef thread : kept) {
            List<Timeline.Mark> ms = new ArrayList<>(marks.getOrDefault(thread, List.of()));
            for (LockWait w : waits.getOrDefault(thread, List.of())) {
                Instant to = w.duration() == null ? w.time() : w.time().plus(w.duration());
                ms.add(new Timeline.Mark(Timeline.Kind.LOCK_WAIT, w.time(), to, -1, 1, null, w.lockClass()));
            }
            ms.sort((a, b) -> !a.from().equals(b.from()) ? a.from().compareTo(b.from()) : a.kind().compareTo(b.kind()));
            lanes.add(new Timeline.Lane(thread, ms));
        }
        return new Timeline(start, end, sites, lanes);
    }

    private static void mark(Map<ThreadRef, List<Timeline.Mark>> marks, Map<ThreadRef, Integer> relevance,
                             ThreadRef t, Timeline.Mark m) {
        add(marks, t, m);
        relevance.merge(t, 1, Integer::sum);
    }

    private static void add(Map<ThreadRef, List<Timeline.Mark>> marks, ThreadRef thread, Timeline.Mark m) {
        marks.computeIfAbsent(thread, k -> new ArrayList<>()).add(m);
    }

    private int site(List<String> sites, String site) {
        if (site == null) {
            return -1;
        }
        Integer i = siteIndex.get(site);
        if (i == null) {
            i = siteIndex.size();
            siteIndex.put(site, i);
            sites.add(site);
        }
        return i;
    }

    /** The first finding naming the site, or null. */
    private static String findingAt(List<Finding> findings, String site) {
        return findings.stream().filter(f -> f.sites().contains(site)).map(Finding::id).findFirst().orElse(null);
    }

    private static String findingWithSites(List<Finding> findings, List<String> sites) {
        return findings.stream().filter(f -> f.sites().equals(sites)).map(Finding::id).findFirst()
                .orElse(findingAt(findings, sites.get(0)));
    }

    /** The longer wait first; a wait of unknown duration last. */
    private static int longestFirst(LockWait a, LockWait b) {
        if (a.duration() == null || b.duration() == null) {
            return a.duration() == null ? (b.duration() == null ? 0 : 1) : -1;
        }
        return b.duration().compareTo(a.duration());
    }
}
