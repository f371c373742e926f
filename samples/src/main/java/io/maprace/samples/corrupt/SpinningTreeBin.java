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
 * Corruption, deterministic: what a race on a tree bin ends in. {@link #MAP} holds a {@code HashMap} whose tree bin
 * has a cycle in its red-black links ({@link Corruptions#treeBinCycle}); {@code --threads} daemon threads look up an
 * absent key that lands in that bin and spin forever in {@code HashMap$TreeNode.find}. {@code ready} is printed once
 * every spinner is inside {@code java.util}. Needs {@code --add-opens java.base/java.util=ALL-UNNAMED}.
 *
 * <p>Map: {@code SpinningTreeBin.MAP}. Spinning site: {@link #lookup}.
 */
public final class SpinningTreeBin implements SampleProgram {

    /** Null when the JVM refused access to {@code java.util} internals. */
    public static final HashMap<String, String> MAP = Corruptions.attempt(Corruptions::treeBinCycle);

    private final List<Thread> spinners = new ArrayList<>();

    public static void main(String[] args) {
        SampleMain.main(new SpinningTreeBin(), args);
    }

    @Override
    public String name() {
        return "spinning-tree-bin";
    }

    /** A plain lookup; on this map it never returns. */
    static String lookup(String key) {
        return MAP.get(key);
    }

    @Override
    public void start(SampleOptions options, Workers workers) throws SampleSetupException {
        Corruptions.requireAccess();
        for (int i = 1; i <= options.threads(); i++) {
            Worker spinner = workers.spinner("tree-spinner-" + i, () -> lookup(Corruptions.TREE_PROBE));
            spinners.add(spinner.thread());
        }
    }

    @Override
    public String facts() {
        return "spinning=" + Spinners.countInside(spinners, "java.util.HashMap$TreeNode", "find");
    }
}
