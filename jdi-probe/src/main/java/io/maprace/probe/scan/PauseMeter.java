package io.maprace.probe.scan;

import io.maprace.probe.target.HsPerfData;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The target's safepoint counters while a scan runs, read from its hsperfdata file (no request to the target).
 * A sampler reads them every few milliseconds: when one sample sees exactly one new safepoint, the time added is
 * that safepoint's length, so the longest single pause is measured, not guessed. The counters include every
 * safepoint, the target's own GCs too: compare with the same target idle (the benchmark does).
 */
final class PauseMeter implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 5;

    private final Supplier<Optional<HsPerfData>> perf;
    private final double startMillis;
    private final long startCount;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile double longestMillis;
    private double lastMillis;
    private long lastCount;

    PauseMeter(Supplier<Optional<HsPerfData>> perf) {
        this.perf = perf;
        Optional<HsPerfData> now = perf.get();
        this.startMillis = now.flatMap(HsPerfData::safepointMillis).orElse(-1.0);
        this.startCount = now.flatMap(HsPerfData::safepoints).orElse(-1L);
        this.lastMillis = startMillis;
        this.lastCount = startCount;
        this.sampler = new Thread(this::sample, "maprace-pause-meter");
        sampler.setDaemon(true);
        if (startMillis >= 0 && startCount >= 0) {
            sampler.start();
        }
    }

    private void sample() {
        while (running) {
            Optional<HsPerfData> now = perf.get();
            double millis = now.flatMap(HsPerfData::safepointMillis).orElse(-1.0);
            long count = now.flatMap(HsPerfData::safepoints).orElse(-1L);
            if (millis >= 0 && count > lastCount) {
                // One new safepoint: its exact length. Several: their sum bounds the longest from above.
                longestMillis = Math.max(longestMillis, millis - lastMillis);
                lastMillis = millis;
                lastCount = count;
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
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

    /** The longest safepoint seen (an upper bound when two fell between samples), or -1 when unknown. */
    double longestSafepointMillis() {
        return startMillis < 0 ? -1 : longestMillis;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
