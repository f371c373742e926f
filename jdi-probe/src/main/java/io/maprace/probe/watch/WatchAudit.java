package io.maprace.probe.watch;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import io.maprace.events.ScannedMap;
import io.maprace.events.WatchedMap;
import io.maprace.model.MapHistory;
import io.maprace.probe.scan.MapAudit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integrity of the watched maps, checked as {@code scan} checks it, when the watch arms and when it ends: many
 * races write only in the first seconds (a cache filling up), and a watch that arms later sees no write at all,
 * though the map is already broken. Read-only; damage found is reported as scan reports it.
 */
final class WatchAudit {

    /** Maps checked at most each time. */
    static final int MAX_MAPS = 200;
    /**
     * The check when the watch arms runs beside the watch, not before it (the setup stays short): for as long as
     * the watch, and at least this long, since a big map takes seconds to read on a busy host.
     */
    private static final Duration AT_ARM_MIN = Duration.ofSeconds(20);
    /**
     * The check at the end may take longer: the breakpoints are gone, so the target only answers reads, and a big
     * map (80k entries: ~1 ms a node on a busy host) cut short would hide the damage this check is for. But not
     * much longer than the watch the user asked for: a quarter of it, from 3 s to 20 s.
     */
    private static final Duration AT_END_MIN = Duration.ofSeconds(3);
    private static final Duration AT_END_MAX = Duration.ofSeconds(20);

    private final VirtualMachine vm;
    private final Map<Long, ScannedMap> damaged = new LinkedHashMap<>();
    private int checks;
    private Thread atArm;
    private long atArmEnds;

    WatchAudit(VirtualMachine vm) {
        this.vm = vm;
    }

    /**
     * Starts checking the instances the fields name (paths the user gave, maps a scan found) on a thread of its own,
     * while the watch runs: reads only, through the same connection.
     */
    void checkAtArm(List<WatchedField> fields, Duration watch) {
        Duration time = watch.compareTo(AT_ARM_MIN) > 0 ? watch : AT_ARM_MIN;
        // the watch waits as long as the check may take at most, had it a second more to read
        atArmEnds = System.nanoTime() + MapAudit.longest(time.plusSeconds(1)).toNanos();
        atArm = new Thread(() -> check(fields, Map.of(), Map.of(), time), "maprace-integrity-check");
        atArm.setDaemon(true);
        atArm.start();
    }

    /**
     * Waits for the check started when the watch armed, until its own time is up, or a second at most when
     * {@code briefly} (Ctrl-C: the user asked for the report); its findings count if it ended.
     */
    void awaitCheckAtArm(boolean briefly) {
        Thread t = atArm;
        if (t == null) {
            return;
        }
        long left = briefly ? 1_000 : Math.max(1, (atArmEnds - System.nanoTime()) / 1_000_000);
        try {
            t.join(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Checks, at the end of the watch, the instances the fields name and those seen written.
     *
     * @param written the maps seen written, by instance id
     * @param histories what the watch knows of them
     */
    void checkAtEnd(List<WatchedField> fields, Map<Long, ObjectReference> written, Map<Long, MapHistory> histories,
                    Duration watch) {
        check(fields, written, histories, atEnd(watch));
    }

    /** The time the check at the end of a watch of this length may take. */
    static Duration atEnd(Duration watch) {
        Duration quarter = watch.dividedBy(4);
        return quarter.compareTo(AT_END_MIN) < 0 ? AT_END_MIN : quarter.compareTo(AT_END_MAX) > 0 ? AT_END_MAX
                : quarter;
    }

    private void check(List<WatchedField> fields, Map<Long, ObjectReference> written,
                       Map<Long, MapHistory> histories, Duration time) {
        Map<Long, MapAudit.Audited> maps = new LinkedHashMap<>();
        for (WatchedField f : fields) {
            for (WatchedField.PathTarget p : f.paths()) {
                if (maps.size() < MAX_MAPS) {
                    maps.putIfAbsent(p.map().uniqueID(), new MapAudit.Audited(p.map(), f.owner(), f.name(), p.path()));
                }
            }
        }
        for (Map.Entry<Long, ObjectReference> e : written.entrySet()) {
            MapHistory h = histories.get(e.getKey());
            if (maps.size() < MAX_MAPS && h != null && !maps.containsKey(e.getKey())) {
                WatchedMap w = h.map();
                maps.put(e.getKey(), new MapAudit.Audited(e.getValue(), w.owner(), w.field(), w.group()));
            }
        }
        if (maps.isEmpty()) {
            return;
        }
        synchronized (this) {
            checks++;
        }
        try {
            for (ScannedMap m : MapAudit.damaged(vm, maps.values(), time)) {
                synchronized (this) {
                    damaged.putIfAbsent(m.map().instance(), m);
                }
            }
        } catch (VMDisconnectedException e) {
            // the target went away: the report says so, with what was found before
        }
    }

    /** The damaged maps found by any check, each once. */
    synchronized List<ScannedMap> damaged() {
        return new ArrayList<>(damaged.values());
    }

    /** How many checks ran (0, 1 or 2). */
    synchronized int checks() {
        return checks;
    }
}
