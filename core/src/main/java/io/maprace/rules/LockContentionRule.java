package io.maprace.rules;

import io.maprace.events.LockWait;
import io.maprace.events.ObservedEvent;
import io.maprace.graph.ContentionGraphBuilder;

import java.util.List;

/**
 * Who waited for whose lock: every wait becomes part of the contention graph (a blocks edge from the waiter to
 * the holder, or a wait on the waiter's node when the holder is unknown). It reports no findings of its own: a
 * correct program that serializes a map behind one lock is contended by design, and that lock is the fix.
 */
public final class LockContentionRule implements Rule {

    private final ContentionGraphBuilder graph;

    public LockContentionRule(ContentionGraphBuilder graph) {
        this.graph = graph;
    }

    @Override
    public void accept(ObservedEvent event) {
        // Object.wait() waits for a condition, not for a holder to let go.
        if (event instanceof LockWait w && w.kind() != LockWait.Kind.MONITOR_WAIT) {
            graph.addLockWait(w);
        }
    }

    @Override
    public List<FindingDraft> findings(Corroboration corroboration) {
        return List.of();
    }
}
