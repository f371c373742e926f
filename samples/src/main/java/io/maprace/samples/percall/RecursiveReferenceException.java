package io.maprace.samples.percall;

/** The validator found a node that is already being validated: a cycle, or so it believes. */
public final class RecursiveReferenceException extends RuntimeException {

    public RecursiveReferenceException(Object node) {
        // No stack trace: in the racy sample these are frequent and spurious, and the point is to count them.
        super("recursive reference to " + node, null, false, false);
    }
}
