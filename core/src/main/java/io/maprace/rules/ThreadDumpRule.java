package io.maprace.rules;

import io.maprace.events.ObservedEvent;
import io.maprace.events.ThreadDumpText;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Advice;
import io.maprace.findings.Evidence;
import io.maprace.findings.FindingKind;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.model.MapCall;
import io.maprace.model.StackClassifier;
import io.maprace.model.ThreadDumpParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Periodic thread dumps: a thread found runnable in the same map-internal method, from the same site, in two
 * dumps in a row is stuck there (this works on recordings without execution samples); a deadlock the JVM
 * reported is a proven lock cycle.
 */
public final class ThreadDumpRule implements Rule {

    private final StackClassifier classifier = new StackClassifier();
    /** Per thread id, where the previous dump saw it inside map code. */
    private final Map<Long, Sighting> previous = new HashMap<>();
    private final Map<String, Stuck> stuck = new LinkedHashMap<>();
    private final Map<String, Evidence.ThreadDumpSeen> deadlocks = new LinkedHashMap<>();
    private int dumps;

    @Override
    public void accept(ObservedEvent event) {
        if (!(event instanceof ThreadDumpText d)) {
            return;
        }
        dumps++;
        ThreadDumpParser.Dump dump = ThreadDumpParser.parse(d.text());
        Map<Long, Sighting> now = new HashMap<>();
        for (ThreadDumpParser.DumpedThread t : dump.threads()) {
            Optional<MapCall> call = classifier.classify(t.stack());
            if (call.isEmpty() || !"RUNNABLE".equals(t.state()) || !call.get().spinProne()) {
                continue;
            }
            MapCall c = call.get();
            Sighting s = new Sighting(c, new Evidence.ThreadDumpSeen(d.time(), t.thread().toString(), t.state(),
                    t.stack().sites(8)));
            now.put(t.thread().id(), s);
            Sighting before = previous.get(t.thread().id());
            if (before != null && before.key().equals(s.key())) {
                Stuck st = stuck.computeIfAbsent(c.site().site(), k -> new Stuck(c));
                st.threads.add(t.thread());
                if (st.evidence.size() < 10) {
                    if (st.evidence.isEmpty() || !st.evidence.contains(before.seen)) {
                        st.evidence.add(before.seen);
                    }
                    st.evidence.add(s.seen);
                }
            }
        }
        previous.clear();
        previous.putAll(now);
        if (!dump.deadlocked().isEmpty()) {
            String key = String.join("|", dump.deadlocked());
            deadlocks.putIfAbsent(key, new Evidence.ThreadDumpSeen(d.time(), String.join(", ", dump.deadlocked()),
                    "DEADLOCKED", List.of()));
        }
    }

    public int dumps() {
        return dumps;
    }

    @Override
    public List<FindingDraft> findings(Corroboration corroboration) {
        List<FindingDraft> out = new ArrayList<>();
        for (Stuck s : stuck.values()) {
            out.add(new FindingDraft(FindingKind.STUCK_IN_MAP, Severity.LIKELY,
                    s.threads.size() + " thread" + (s.threads.size() == 1 ? "" : "s") + " found in "
                            + s.call.innermost().qualifiedMethod() + " in consecutive thread dumps, called from "
                            + s.call.site().site(),
                    MapRef.ofType(s.call.family().className()), List.of(s.call.site().site()),
                    List.copyOf(s.threads), s.evidence,
                    Advice.stuckExplanation(s.call.family(), s.call.innermost().qualifiedMethod()),
                    Advice.stuckAdvice(s.call.family())));
        }
        deadlocks.values().forEach(e -> out.add(new FindingDraft(FindingKind.LOCK_CYCLE, Severity.PROVEN,
                "The JVM reported a deadlock between " + e.thread(), null, List.of(), List.of(), List.of(e),
                Advice.cycleExplanation(), Advice.cycleAdvice())));
        return out;
    }

    private record Sighting(MapCall call, Evidence.ThreadDumpSeen seen) {
        String key() {
            return call.site().site() + "|" + call.innermost().qualifiedMethod();
        }
    }

    private static final class Stuck {
        final MapCall call;
        final Set<ThreadRef> threads = new LinkedHashSet<>();
        final List<Evidence> evidence = new ArrayList<>();

        Stuck(MapCall call) {
            this.call = call;
        }
    }
}
