package io.maprace.rules;

import io.maprace.events.LockWait;
import io.maprace.events.ObservedEvent;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Advice;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Severity;
import io.maprace.graph.ContentionGraphBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who waited for whose lock: every wait feeds the contention graph; locks whose total blocked time passes
 * {@link AnalysisSettings#contentionMillis()} become findings, with the waiter/holder pairs as evidence.
 */
public final class LockContentionRule implements Rule {

    private final AnalysisSettings settings;
    private final ContentionGraphBuilder graph;
    private final Map<String, Lock> locks = new LinkedHashMap<>();

    public LockContentionRule(AnalysisSettings settings, ContentionGraphBuilder graph) {
        this.settings = settings;
        this.graph = graph;
    }

    @Override
    public void accept(ObservedEvent event) {
        if (!(event instanceof LockWait w) || w.kind() == LockWait.Kind.MONITOR_WAIT) {
            // Object.wait() is waiting for a condition, not being blocked by a holder.
            return;
        }
        graph.addLockWait(w);
        Lock lock = locks.computeIfAbsent(w.lockClass(), Lock::new);
        long ms = w.duration().toMillis();
        lock.totalMillis += ms;
        lock.threads.add(w.waiter());
        String key = w.waiter().id() + "|" + (w.holder() == null ? "-" : w.holder().id()) + "|" + w.kind();
        Waits p = lock.pairs.computeIfAbsent(key, k -> new Waits(w.waiter(), w.holder(), w.kind()));
        p.count++;
        p.total += ms;
        p.max = Math.max(p.max, ms);
        if (!w.stack().isEmpty() && lock.sites.size() < 5) {
            w.stack().frames().stream().filter(f -> !f.className().startsWith("java.util.concurrent.locks."))
                    .filter(f -> !f.className().equals("jdk.internal.misc.Unsafe")).findFirst()
                    .ifPresent(f -> lock.sites.add(f.site()));
        }
    }

    @Override
    public List<Finding> findings(Corroboration corroboration) {
        List<Finding> out = new ArrayList<>();
        locks.values().stream().filter(l -> l.totalMillis >= settings.contentionMillis())
                .sorted(Comparator.comparingLong(l -> -l.totalMillis)).forEach(l -> {
                    List<Evidence> evidence = l.pairs.values().stream()
                            .sorted(Comparator.comparingLong(p -> -p.total))
                            .map(p -> (Evidence) new Evidence.LockWaits(p.waiter, p.holder, l.lockClass,
                                    p.kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), p.count,
                                    p.total, p.max))
                            .toList();
                    String title = String.format("%d thread%s blocked %.1f s in total on %s", l.threads.size(),
                            l.threads.size() == 1 ? "" : "s", l.totalMillis / 1000.0, l.lockClass);
                    out.add(new Finding(null, FindingKind.LOCK_CONTENTION, Severity.CANDIDATE, title, null,
                            List.copyOf(l.sites), List.copyOf(l.threads), evidence, Advice.contentionExplanation(),
                            Advice.contentionAdvice()));
                });
        return out;
    }

    private static final class Lock {
        final String lockClass;
        final Set<ThreadRef> threads = new LinkedHashSet<>();
        final Set<String> sites = new LinkedHashSet<>();
        final Map<String, Waits> pairs = new LinkedHashMap<>();
        long totalMillis;

        Lock(String lockClass) {
            this.lockClass = lockClass;
        }
    }

    private static final class Waits {
        final ThreadRef waiter;
        final ThreadRef holder;
        final LockWait.Kind kind;
        int count;
        long total;
        long max;

        Waits(ThreadRef waiter, ThreadRef holder, LockWait.Kind kind) {
            this.waiter = waiter;
            this.holder = holder;
            this.kind = kind;
        }
    }
}
