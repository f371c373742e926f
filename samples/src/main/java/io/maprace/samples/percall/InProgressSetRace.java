package io.maprace.samples.percall;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.concurrent.atomic.LongAdder;

/**
 * Shape 5, racy: per-call state in a shared object. {@code --threads} workers validate random parts of one acyclic
 * document graph through {@link Context#SHARED}, whose "in progress" {@code HashSet} they all add to and remove from.
 *
 * <p>Symptoms: {@code anomalies} counts spurious "recursive reference" failures (the graph has no cycle: another
 * thread was visiting the node); {@code size} is the set's count between walks, which should stay between 0 and a few
 * dozen and goes wrong, often negative.
 *
 * <p>Racy map: {@code Context.SHARED.inProgress} (a {@code HashSet}, i.e. its inner {@code HashMap}). Writes:
 * {@link Context#validate} ({@code add} before, {@code remove} after).
 */
public final class InProgressSetRace implements SampleProgram {

    private final LongAdder anomalies = new LongAdder();

    public static void main(String[] args) {
        SampleMain.main(new InProgressSetRace(), args);
    }

    @Override
    public String name() {
        return "in-progress-set";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("validator-worker", options.threads(), i -> this::work);
    }

    /** One step: validate one root of the graph. */
    private void work() {
        try {
            Context.SHARED.validate(Documents.anyRoot());
        } catch (RecursiveReferenceException e) {
            anomalies.increment();
        }
    }

    @Override
    public String facts() {
        return "anomalies=" + anomalies.sum() + " size=" + Context.SHARED.inProgressSize();
    }
}
