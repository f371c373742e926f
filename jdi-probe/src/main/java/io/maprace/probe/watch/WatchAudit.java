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
    /** The check when the watch arms must not stretch its setup. */
    private static final Duration AT_ARM = Duration.ofSeconds(5);
    /**
     * The check at the end may take longer: the breakpoints are gone, so the target only answers reads, and a big
     * map (80k entries: ~1 ms a node on a busy host) cut short would hide the damage this check is for.
     */
    private static final Duration AT_END = Duration.ofSeconds(20);

    private final VirtualMachine vm;
    private final Map<Long, ScannedMap> damaged = new LinkedHashMap<>();
    private int checks;

    WatchAudit(VirtualMachine vm) {
        this.vm = vm;
    }

    /** Checks the instances the fields name (paths the user gave, maps a scan found). */
    void check(List<WatchedField> fields) {
        check(fields, Map.of(), Map.of(), AT_ARM);
    }

    /**
     * Checks, at the end of the watch, the instances the fields name and those seen written.
     *
     * @param written the maps seen written, by instance id
     * @param histories what the watch knows of them
     */
    void checkAtEnd(List<WatchedField> fields, Map<Long, ObjectReference> written, Map<Long, MapHistory> histories) {
        check(fields, written, histories, AT_END);
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
        checks++;
        try {
            for (ScannedMap m : MapAudit.damaged(vm, maps.values(), time)) {
                damaged.putIfAbsent(m.map().instance(), m);
            }
        } catch (VMDisconnectedException e) {
            // the target went away: the report says so, with what was found before
        }
    }

    /** The damaged maps found by any check, each once. */
    List<ScannedMap> damaged() {
        return new ArrayList<>(damaged.values());
    }

    /** How many checks ran (0, 1 or 2). */
    int checks() {
        return checks;
    }
}
