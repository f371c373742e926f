package io.maprace.probe.watch.targets;

import java.util.HashSet;
import java.util.Set;

/** Shape 5: per-call "in progress" state kept in a HashSet of one shared context. */
public final class InProgressSetRace {

    static final class Context {
        static final Context SHARED = new Context();

        private final Set<Object> inProgress = new HashSet<>();

        int validate(Integer node, int depth) {
            if (!inProgress.add(node)) {
                return 0; // "recursive reference": a spurious failure when another thread holds the same node
            }
            try {
                return depth == 0 ? 1 : 1 + validate(node * 2 + 1000, depth - 1);
            } finally {
                inProgress.remove(node);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        TargetMain.parse(args).workers("validator", 3,
                () -> Context.SHARED.validate(java.util.concurrent.ThreadLocalRandom.current().nextInt(64), 3))
                .run();
    }
}
