package io.maprace.samples.percall;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The shared document graph of both per-call samples: 192 nodes in four layers, fan-out 3, 40 nodes per walk. */
final class Documents {

    private static final List<Node> ROOTS = Node.graph(new int[] {12, 24, 48, 108}, 3);

    private Documents() {
    }

    static Node anyRoot() {
        return ROOTS.get(ThreadLocalRandom.current().nextInt(ROOTS.size()));
    }
}
