import shark.CloseableHeapGraph;
import shark.HeapField;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofIndex;

import java.io.File;

/**
 * Square's shark-graph 2.14 on a BusyMaps dump: index the dump, then read every HashMap of BusyMaps.population
 * with its table and every node's key and next (what ReaderProbe does with maprace's reader).
 *
 *   java -cp "$(cat shark-classpath.txt)" bench/heapdump/SharkProbe.java FILE.hprof
 */
public class SharkProbe {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (CloseableHeapGraph g = HprofHeapGraph.Companion.openHeapGraph(new File(args[0]), null,
                HprofIndex.Companion.defaultIndexedGcRootTags())) {
            long t1 = System.nanoTime();
            HeapObject.HeapClass busy = g.findClassByName("io.maprace.samples.bench.BusyMaps");
            HeapObject.HeapObjectArray population = busy.readStaticField("population").getValue().getAsObject()
                    .getAsObjectArray();
            long maps = 0;
            long nodes = 0;
            for (long id : population.readRecord().getElementIds()) {
                HeapObject.HeapInstance m = g.findObjectById(id).getAsInstance();
                HeapField table = m.readField("java.util.HashMap", "table");
                if (table == null) {
                    continue;
                }
                maps++;
                HeapObject t = table.getValue().getAsObject();
                if (t == null) {
                    continue;
                }
                for (long e : t.getAsObjectArray().readRecord().getElementIds()) {
                    while (e != 0) {
                        HeapObject.HeapInstance n = g.findObjectById(e).getAsInstance();
                        n.readField("java.util.HashMap$Node", "key");
                        Long next = n.readField("java.util.HashMap$Node", "next").getValue().getAsObjectId();
                        e = next == null ? 0 : next;
                        nodes++;
                    }
                }
            }
            long t2 = System.nanoTime();
            System.out.printf("reader=shark objects=%d index_s=%.2f maps=%d nodes=%d walk_s=%.2f%n",
                    g.getObjectCount(), (t1 - t0) / 1e9, maps, nodes, (t2 - t1) / 1e9);
        }
    }
}
