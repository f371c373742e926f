package io.maprace.probe.watch;

import com.sun.jdi.ObjectReference;
import io.maprace.events.ScannedMap;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.findings.WatchChoice;
import io.maprace.findings.WatchChoice.Why;
import io.maprace.model.MapFamily;
import io.maprace.probe.scan.ScanResult;
import io.maprace.findings.ScanStats;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The choice itself, on a scan's result as it would come from a JVM whose JDK state the walk reached (a static
 * cache of {@code com.sun.naming}, a corrupted map in {@code sun.*}): the application's maps only, unless asked.
 */
class WatchChoiceTest {

    private static long ids;
    private static final Map<Long, ObjectReference> HANDLES = new HashMap<>();

    private static ScannedMap map(String owner, String field, boolean shared, int writes, Severity damage,
                                  double score) {
        long id = ++ids;
        // No JDI call is made on a handle by the choice: an inert one stands for the map in the target.
        HANDLES.put(id, (ObjectReference) Proxy.newProxyInstance(WatchChoiceTest.class.getClassLoader(),
                new Class<?>[]{ObjectReference.class}, (p, m, a) -> m.getName().equals("hashCode") ? (int) id
                        : m.getName().equals("equals") ? p == a[0] : null));
        String path = owner + "." + field;
        return new ScannedMap(new MapRef("java.util.HashMap", owner, field, path, id), path, MapFamily.HASH_MAP,
                score, 10, false, shared, List.of(), false, false, writes, 1000, damage, List.of(), null);
    }

    private static ScanResult scan(List<ScannedMap> maps) {
        ScanStats stats = ScanStats.measured(1, 1, 1, 1, maps.size(), maps.size(), 0, 0, 1, 1, 0, 0, 0, 0, 0, "none",
                false, 0);
        return new ScanResult("t", Instant.EPOCH, Instant.EPOCH, maps, stats, List.of(), HANDLES);
    }

    @Test
    void jdkStateIsLeftOutUnlessAskedAndTheOrderIsCorruptedWrittenShared() {
        List<ScannedMap> maps = List.of(
                map("com.sun.naming.internal.ResourceManager", "propertiesCache", true, 50, null, 9),
                map("com.foo.Quiet", "TABLE", true, 0, null, 8),
                map("sun.util.Cache", "MAP", false, 0, Severity.PROVEN, 107),
                map("com.foo.Hot", "CACHE", true, 12, null, 5),
                map("com.foo.Broken", "MAP", false, 0, Severity.LIKELY, 103),
                map("com.foo.Local", "MAP", false, 0, null, 20));

        WatchTargets.Ranked app = WatchTargets.choose(scan(maps), 10, false);
        assertEquals(List.of(new WatchChoice("com.foo.Broken.MAP", Why.CORRUPTED, 1),
                new WatchChoice("com.foo.Hot.CACHE", Why.SHARED_WRITTEN, 1),
                new WatchChoice("com.foo.Quiet.TABLE", Why.SHARED, 1)), app.chosen());
        assertEquals(2, app.jdkLeftOut());
        assertEquals(3, app.specs().size());

        WatchTargets.Ranked all = WatchTargets.choose(scan(maps), 10, true);
        assertEquals(List.of("sun.util.Cache.MAP", "com.foo.Broken.MAP",
                "com.sun.naming.internal.ResourceManager.propertiesCache", "com.foo.Hot.CACHE",
                "com.foo.Quiet.TABLE"), all.chosen().stream().map(WatchChoice::map).toList());
        assertEquals(0, all.jdkLeftOut());

        assertEquals(2, WatchTargets.choose(scan(maps), 2, false).specs().size());
    }
}
