package io.maprace.samples.percall;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.concurrent.atomic.LongAdder;

/**
 * Shape 5, fixed twin of {@link InProgressSetRace}: the same work through {@link Validator#SHARED}, which allocates
 * the "in progress" set per call. No anomalies; the sets are confined to their threads and reachable from no static
 * field.
 *
 * <p>Writes: {@code Validator.validate(Node, Set)}, on a set local to the call.
 */
public final class InProgressSetFixed implements SampleProgram {

    private final LongAdder anomalies = new LongAdder();

    public static void main(String[] args) {
        SampleMain.main(new InProgressSetFixed(), args);
    }

    @Override
    public String name() {
        return "in-progress-set-fixed";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("validator-worker", options.threads(), i -> this::work);
    }

    private void work() {
        try {
            Validator.SHARED.validate(Documents.anyRoot());
        } catch (RecursiveReferenceException e) {
            anomalies.increment();
        }
    }

    @Override
    public String facts() {
        return "anomalies=" + anomalies.sum();
    }
}
