package io.maprace.samples.percall;

import java.util.HashSet;
import java.util.Set;

/**
 * Shape 5, fixed: the same validator with the "currently being validated" set allocated per call and passed down.
 * The state belongs to the call, so each thread has its own (thread confinement); no lock is needed and nothing
 * else can see it.
 */
public final class Validator {

    public static final Validator SHARED = new Validator();

    /** Validates {@code root} and everything below it; returns the number of nodes visited. */
    public int validate(Node root) {
        return validate(root, new HashSet<>(256)); // sized as the shared set of the racy twin
    }

    private int validate(Node node, Set<Object> inProgress) {
        if (!inProgress.add(node)) {
            throw new RecursiveReferenceException(node);
        }
        try {
            int visited = 1;
            for (Node child : node.children()) {
                visited += validate(child, inProgress);
            }
            return visited;
        } finally {
            inProgress.remove(node);
        }
    }
}
