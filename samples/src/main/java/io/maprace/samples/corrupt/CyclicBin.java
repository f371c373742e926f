package io.maprace.samples.corrupt;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.SampleSetupException;
import io.maprace.samples.Worker;
import io.maprace.samples.Workers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Corruption, deterministic: a list bin whose {@code next} chain is a cycle ({@link Corruptions#binCycle}), in
 * {@link #MAP}; {@code --threads} daemon threads look up an absent key that lands in that bin and spin forever in
 * {@code HashMap.getNode}. {@code ready} is printed once every spinner is inside {@code java.util}. Needs
 * {@code --add-opens java.base/java.util=ALL-UNNAMED}.
 *
 * <p>Map: {@code CyclicBin.MAP}. Spinning site: {@link #lookup}.
 */
public final class CyclicBin implements SampleProgram {

    /** Null when the JVM refused access to {@code java.util} internals. */
    public static final HashMap<String, String> MAP = Corruptions.attempt(Corruptions::binCycle);

    private final List<Thread> spinners = new ArrayList<>();

    public static void main(String[] args) {
        SampleMain.main(new CyclicBin(), args);
    }

    @Override
    public String name() {
        return "cyclic-bin";
    }

    /** A plain lookup; on this map it never returns. */
    static String lookup(String key) {
        return MAP.get(key);
    }

    @Override
    public void start(SampleOptions options, Workers workers) throws SampleSetupException {
        Corruptions.requireAccess();
        for (int i = 1; i <= options.threads(); i++) {
            Worker spinner = workers.spinner("bin-spinner-" + i, () -> lookup(Corruptions.CHAIN_PROBE));
            spinners.add(spinner.thread());
        }
    }

    @Override
    public String facts() {
        return "spinning=" + Spinners.countInside(spinners, "java.util.HashMap", "getNode");
    }
}
