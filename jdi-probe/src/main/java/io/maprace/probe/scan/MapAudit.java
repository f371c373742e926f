package io.maprace.probe.scan;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import io.maprace.events.ScannedMap;
import io.maprace.findings.Severity;
import io.maprace.heap.HeapScan;
import io.maprace.heap.ScanOptions;
import io.maprace.progress.Progress;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The integrity checks {@code scan} runs, on maps already known (the ones a watch watches): read-only (field and
 * array reads, no thread held, no target code run), and bounded in time. A race that is over leaves no write for
 * a watch to see; the damage it left shows here.
 */
public final class MapAudit {

    /** A map to check, and how the report names it. */
    public record Audited(ObjectReference map, String owner, String field, String path) {
    }

    private MapAudit() {
    }

    /**
     * The longest {@link #damaged} takes when reading may take {@code timeout}. A scan keeps a tenth of its time for
     * its end and a quarter for confirming damage: reading the maps keeps the whole of {@code timeout}, the
     * confirmations come on top.
     */
    public static Duration longest(Duration timeout) {
        return timeout.plusSeconds(1).multipliedBy(4).dividedBy(3);
    }

    /**
     * What an audit found damaged, and whether it read every map whole and confirmed all it saw in its time: damage
     * in the part it had no time to read is not in {@code damaged}.
     */
    public record Audit(List<ScannedMap> damaged, boolean complete) {
    }

    /** The damaged ones among {@code maps}, confirmed as scan confirms damage (without holding any thread). */
    public static List<ScannedMap> damaged(VirtualMachine vm, Collection<Audited> maps, Duration timeout) {
        return audit(vm, maps, timeout, ScanOptions.defaults().maxEntriesPerMap()).damaged();
    }

    /** {@link #damaged}, reading at most {@code maxEntries} of each map, with whether the audit was whole. */
    public static Audit audit(VirtualMachine vm, Collection<Audited> maps, Duration timeout, int maxEntries) {
        if (maps.isEmpty()) {
            return new Audit(List.of(), true);
        }
        ScanOptions options = ScanOptions.defaults().withTimeout(longest(timeout)).withMaxPause(Duration.ZERO)
                .withParallelism(1).withMaxEntriesPerMap(maxEntries);
        try (HeapScan scan = new HeapScan(new JdiHeap(vm), options, Progress.NONE, JdiHeap::releaseMirrors,
                e -> e instanceof VMDisconnectedException ? "target-exited" : null)) {
            for (Audited a : maps) {
                scan.addNamed(JdiObj.wrap(a.map()), a.owner(), a.field(), a.path());
            }
            HeapScan.Outcome outcome = scan.finish(null);
            // Damage a second read could not check (the time ran out) is not reported by a watch.
            List<ScannedMap> damaged = outcome.ranked().stream()
                    .filter(m -> m.corrupted() && m.damage() != Severity.CANDIDATE).toList();
            boolean complete = outcome.cutBy() == null && outcome.partlyRead() == 0 && outcome.unconfirmed() == 0;
            return new Audit(damaged, complete);
        }
    }
}
