import io.maprace.heapdump.hprof.ClassInfo;
import io.maprace.heapdump.hprof.HprofDump;

import java.nio.file.Path;

/**
 * The reader alone, on a BusyMaps dump: index the dump, then read every HashMap of BusyMaps.population with its
 * table and every node's key and next. The same work as SharkProbe, for comparing the two readers.
 *
 *   java -cp heap-dump/target/classes bench/heapdump/ReaderProbe.java FILE.hprof
 */
public class ReaderProbe {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (HprofDump d = HprofDump.open(Path.of(args[0]))) {
            long t1 = System.nanoTime();
            ClassInfo busy = d.classByName("io.maprace.samples.bench.BusyMaps");
            long population = busy.statics().stream().filter(s -> s.name().equals("population")).findFirst()
                    .orElseThrow().value();
            long popPos = d.locate(population);
            int n = d.lengthAt(popPos);
            long maps = 0;
            long nodes = 0;
            for (int from = 0; from < n; from += 4096) {
                for (long m : d.elementsAt(popPos, from, 4096)) {
                    long mp = d.locate(m);
                    ClassInfo c = d.classAt(mp);
                    ClassInfo.Field table = c.field("java.util.HashMap#table");
                    if (table == null) {
                        continue;
                    }
                    maps++;
                    long t = d.referenceAt(mp, c, table);
                    if (t == 0) {
                        continue;
                    }
                    long tp = d.locate(t);
                    for (long e : d.elementsAt(tp, 0, d.lengthAt(tp))) {
                        while (e != 0) {
                            long ep = d.locate(e);
                            ClassInfo nc = d.classAt(ep);
                            d.referenceAt(ep, nc, nc.field("key"));
                            e = d.referenceAt(ep, nc, nc.field("next"));
                            nodes++;
                        }
                    }
                }
            }
            long t2 = System.nanoTime();
            System.out.printf("reader=maprace objects=%d index_s=%.2f maps=%d nodes=%d walk_s=%.2f%n",
                    d.objectCount(), (t1 - t0) / 1e9, maps, nodes, (t2 - t1) / 1e9);
        }
    }
}
