package io.maprace.probe.watch;

import io.maprace.findings.WatchChoice;

import java.time.Duration;
import java.util.List;

/**
 * What to watch and how.
 *
 * @param target how the user named the target, for the report ({@code 127.0.0.1:5005})
 * @param maps the maps named with {@code --map}; empty to watch the application's map fields
 * @param budget the fraction of the writing threads' time the watch may cost (0.05 for 5%)
 * @param duration how long to watch
 * @param stopOnProof end as soon as one race is proven
 * @param maxHold the longest a thread is held at a write, waiting for a second writer
 * @param autoLimit how many fields to watch at most when no map is named
 * @param monitors whether to record who blocked on whose monitor
 * @param chosen when a scan chose the maps, why each was chosen (the report lists them); empty otherwise
 * @param setup when and at what CPU time of the tool the command started (before it attached and ranked the
 *              maps), so that the setup the report states and the budget charges is all of it; null to count from
 *              the session's start
 */
public record WatchOptions(String target, List<MapSpec> maps, double budget, Duration duration, boolean stopOnProof,
                           Duration maxHold, int autoLimit, boolean monitors, List<WatchChoice> chosen,
                           SetupClock setup) {

    public static final double DEFAULT_BUDGET = 0.05;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_HOLD = Duration.ofMillis(100);
    public static final int DEFAULT_AUTO_LIMIT = 32;

    public WatchOptions {
        maps = List.copyOf(maps);
        chosen = List.copyOf(chosen);
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("budget must be in (0, 1]: " + budget);
        }
    }

    public WatchOptions(String target, List<MapSpec> maps, double budget, Duration duration, boolean stopOnProof,
                        Duration maxHold, int autoLimit, boolean monitors, List<WatchChoice> chosen) {
        this(target, maps, budget, duration, stopOnProof, maxHold, autoLimit, monitors, chosen, null);
    }

    public WatchOptions(String target, List<MapSpec> maps, double budget, Duration duration, boolean stopOnProof,
                        Duration maxHold, int autoLimit, boolean monitors) {
        this(target, maps, budget, duration, stopOnProof, maxHold, autoLimit, monitors, List.of());
    }

    /** The command started at {@code clock}: its attach and ranking count as setup. */
    public WatchOptions startedAt(SetupClock clock) {
        return new WatchOptions(target, maps, budget, duration, stopOnProof, maxHold, autoLimit, monitors, chosen,
                clock);
    }

    public static WatchOptions of(String target, List<MapSpec> maps, double budget, Duration duration) {
        return new WatchOptions(target, maps, budget, duration, false, DEFAULT_MAX_HOLD, DEFAULT_AUTO_LIMIT, true);
    }

    public WatchOptions withStopOnProof(boolean stop) {
        return new WatchOptions(target, maps, budget, duration, stop, maxHold, autoLimit, monitors, chosen,
                setup);
    }

    /** The maps a scan chose, and why. */
    public WatchOptions withChosen(List<MapSpec> specs, List<WatchChoice> why) {
        return new WatchOptions(target, specs, budget, duration, stopOnProof, maxHold, autoLimit, monitors, why,
                setup);
    }
}
