package io.maprace.probe.scan;

import io.maprace.probe.target.HsPerfData;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The target's safepoint counters before and after a scan, read from its hsperfdata file (no request to the
 * target). They count every safepoint, the target's own GCs included: an upper bound of what the scan cost.
 */
final class PauseMeter {

    private final Supplier<Optional<HsPerfData>> perf;
    private final double startMillis;
    private final long startCount;

    PauseMeter(Supplier<Optional<HsPerfData>> perf) {
        this.perf = perf;
        Optional<HsPerfData> now = perf.get();
        this.startMillis = now.flatMap(HsPerfData::safepointMillis).orElse(-1.0);
        this.startCount = now.flatMap(HsPerfData::safepoints).orElse(-1L);
    }

    /** Safepoint time since the start, or -1 when the counters cannot be read. */
    double safepointMillis() {
        double end = perf.get().flatMap(HsPerfData::safepointMillis).orElse(-1.0);
        return startMillis < 0 || end < 0 ? -1 : end - startMillis;
    }

    long safepoints() {
        long end = perf.get().flatMap(HsPerfData::safepoints).orElse(-1L);
        return startCount < 0 || end < 0 ? -1 : end - startCount;
    }
}
