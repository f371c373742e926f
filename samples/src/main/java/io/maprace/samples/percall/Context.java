package io.maprace.samples.percall;

import java.util.HashSet;
import java.util.Set;

/**
 * Shape 5, racy: per-call state kept in a shared object. The validator guards against cycles with a set of the
 * nodes "currently being validated", but the set is a field of the one context all threads share, so each thread
 * sees the others' nodes (spurious {@link RecursiveReferenceException}s) and they all write the {@link HashSet} at
 * once (a wrong, even negative, size). A lock would stop the corruption but not the spurious failures: the set
 * belongs to the call.
 */
public final class Context {

    public static final Context SHARED = new Context();

    /**
     * Room for the whole graph: the 192 node ids fall in distinct bins. With several nodes per bin the race also
     * resurrects removed nodes, which then stay "in progress" forever and fail every later walk.
     */
    private final Set<Object> inProgress = new HashSet<>(256);

    /**
     * Validates {@code node} and everything below it; returns the number of nodes visited.
     *
     * @throws RecursiveReferenceException if {@code node} is already being validated
     */
    public int validate(Node node) {
        if (!inProgress.add(node)) {
            throw new RecursiveReferenceException(node);
        }
        try {
            int visited = 1;
            for (Node child : node.children()) {
                visited += validate(child);
            }
            return visited;
        } finally {
            inProgress.remove(node);
        }
    }

    /** The set's own count: 0 at rest, at most threads times depth while validating; the race makes it wrong. */
    public int inProgressSize() {
        return inProgress.size();
    }
}
