package io.maprace.heap;

import io.maprace.model.MapFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim behind "structural": no write in progress, however a read interleaves with it, shows a loop in a
 * plain bin, an entry in the wrong bucket or in two bins, or a negative size. One thread writes a map correctly
 * (alone, so it never corrupts it: puts, removes, resizes, clears) while this thread reads it over and over with
 * the checkers; no structural defect may ever show, while the non-structural ones (a size that does not match a
 * read spread over time) are expected.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WritesInProgressTest {

    /** Reading for this long per map races many thousands of writes, resizes and clears. */
    private static final long READ_NANOS = 1_500_000_000L;

    @Test
    void aSingleWriterNeverShowsStructuralDamage() throws Exception {
        assertNoStructuralDefect(new HashMap<>(), MapFamily.HASH_MAP);
        assertNoStructuralDefect(new LinkedHashMap<>(16, 0.75f, true), MapFamily.LINKED_HASH_MAP);
    }

    private static void assertNoStructuralDefect(Map<Integer, Integer> map, MapFamily kind) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch writing = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                // Keys of few hash codes make long bins and tree bins; growing then clearing makes resizes.
                int k = (i * 31) % 200;
                map.put(k % 5 == 0 ? k * 64 : k, i);
                if (i % 3 == 0) {
                    map.remove((i * 17) % 200);
                }
                if (i % 5_000 == 0) {
                    map.clear();
                }
                if (i == 1000) {
                    writing.countDown();
                }
                i++;
            }
        }, "single-writer");
        writer.start();
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        LocalHeap heap = new LocalHeap();
        CheckContext cx = new CheckContext(heap, new ScanBudget(Long.MAX_VALUE, Duration.ofMinutes(1)), 100_000,
                false);
        List<Defect> structural = new ArrayList<>();
        long inconsistent = 0;
        try {
            long end = System.nanoTime() + READ_NANOS;
            while (System.nanoTime() < end) {
                MapCheck c = MapInspector.inspect(cx, heap.of(map), kind, map.getClass().getName());
                for (Defect d : c.defects()) {
                    if (d.structural()) {
                        structural.add(d);
                    } else {
                        inconsistent++;
                    }
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertEquals(List.of(), structural, "structural defects on a map with one writer");
        assertTrue(inconsistent > 0, "reads racing a writer should see passing inconsistencies (else the test "
                + "did not race)");
    }
}
