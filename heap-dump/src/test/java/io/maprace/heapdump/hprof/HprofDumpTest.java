package io.maprace.heapdump.hprof;

import io.maprace.heapdump.Dumps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader against a dump of this JVM written by the JDK: classes, layouts, statics, strings, roots. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HprofDumpTest {

    /** Held in a static field, to be found in the dump. */
    static final Map<String, Long> KNOWN = new HashMap<>();

    @TempDir
    static Path dir;
    static Path dump;

    @BeforeAll
    static void dump() throws Exception {
        KNOWN.put("alpha", 1L);
        KNOWN.put("b\u00e9ta \u03b2", 2L);
        dump = Dumps.ofThisJvm(dir.resolve("self.hprof"));
    }

    @Test
    void readsAStaticMapAndItsStringsFromTheJdksDump() throws Exception {
        try (HprofDump d = HprofDump.open(dump)) {
            assertEquals(8, d.idSize());
            ClassInfo test = d.classByName(HprofDumpTest.class.getName());
            assertNotNull(test);
            long map = test.statics().stream().filter(s -> s.name().equals("KNOWN")).findFirst().orElseThrow().value();
            long pos = d.locate(map);
            ClassInfo hashMap = d.classAt(pos);
            assertEquals("java.util.HashMap", hashMap.name());
            assertEquals(List.of("java.util.HashMap", "java.util.AbstractMap", "java.lang.Object"), hashMap.chain());
            assertEquals(2, d.fieldAt(pos, hashMap, hashMap.field("size")));
            long table = d.referenceAt(pos, hashMap, hashMap.field("table"));
            long tablePos = d.locate(table);
            assertEquals("java.util.HashMap$Node[]", d.typeName(table));
            int keys = 0;
            for (long node : d.elementsAt(tablePos, 0, d.lengthAt(tablePos))) {
                for (long n = node; n != 0; ) {
                    long np = d.locate(n);
                    ClassInfo nc = d.classAt(np);
                    String key = d.javaString(d.referenceAt(np, nc, nc.field("key")));
                    assertTrue(KNOWN.containsKey(key), key);
                    keys++;
                    n = d.referenceAt(np, nc, nc.field("next"));
                }
            }
            assertEquals(2, keys);
        }
    }

    @Test
    void findsThreadRootsWithTheirNamedStacks() throws Exception {
        try (HprofDump d = HprofDump.open(dump)) {
            GcRoot main = null;
            for (GcRoot r : d.roots()) {
                if (r.kind() == GcRoot.Kind.THREAD_OBJECT) {
                    long pos = d.locate(r.object());
                    ClassInfo c = d.classAt(pos);
                    String name = d.javaString(d.referenceAt(pos, c, c.field("name")));
                    if (d.stack(r.thread()).stream().anyMatch(f -> f.startsWith(HprofDumpTest.class.getName()))) {
                        main = r;
                        assertNotNull(name);
                    }
                }
            }
            assertNotNull(main, "no thread whose stack holds this test");
            GcRoot thread = main;
            assertTrue(d.roots().stream().anyMatch(r -> r.kind() == GcRoot.Kind.JAVA_FRAME
                    && r.thread() == thread.thread()), "no frame locals of the test's thread");
        }
    }

    @Test
    void aGzippedDumpReadsAsThePlainOne() throws Exception {
        Path gz = Dumps.ofThisJvm(dir.resolve("self.hprof.gz"), "-gz=1");
        try (io.maprace.heapdump.DumpFile f = io.maprace.heapdump.DumpFile.open(gz)) {
            ClassInfo test = f.dump().classByName(HprofDumpTest.class.getName());
            assertNotNull(test);
            assertTrue(f.dump().objectCount() > 1000);
        }
        try (var s = java.nio.file.Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".maprace-unpack-")),
                    "the unpacked copy is left behind");
        }
    }

    @Test
    void indexSortsObjectsGivenOutOfOrder() {
        java.util.Random random = new java.util.Random(7);
        int n = 20_000;
        long[] ids = random.longs(n, 1, 1L << 40).map(v -> v << 3).distinct().toArray();
        ObjectIndex index = new ObjectIndex(ids.length);
        for (int i = 0; i < ids.length; i++) {
            index.add(ids[i], i, i % 100);
        }
        index.seal();
        long[] sorted = ids.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < ids.length; i++) {
            int ordinal = index.ordinal(ids[i]);
            assertEquals(java.util.Arrays.binarySearch(sorted, ids[i]), ordinal);
            assertEquals(i, index.positionAt(ordinal));
            assertEquals(i % 100, index.classCodeAt(ordinal));
            assertEquals(-1, index.ordinal(ids[i] + 1));
        }
    }

    @Test
    void indexSortsObjectsOutOfOrderOnlyInside() {
        // the first and last ids in place, two in the middle swapped: the buckets made as if sorted are made again
        long[] ids = new long[1000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 0x1000 + 24L * i;
        }
        ObjectIndex index = new ObjectIndex(ids.length);
        for (int i = 0; i < ids.length; i++) {
            int from = i == 400 ? 600 : i == 600 ? 400 : i;
            index.add(ids[from], from, 1);
        }
        index.seal();
        for (int i = 0; i < ids.length; i++) {
            assertEquals(i, index.ordinal(ids[i]));
            assertEquals(i, index.positionAt(i));
            assertEquals(-1, index.ordinal(ids[i] + 8));
        }
        assertEquals(3, index.alignmentBits());
    }

    @Test
    void indexFindsObjectsOfUnevenHeaps() {
        // runs of small objects, large ones, gaps: buckets hold from none to hundreds of objects
        java.util.Random random = new java.util.Random(11);
        java.util.List<Long> list = new java.util.ArrayList<>();
        long at = 0x7_0000_0000L;
        while (list.size() < 50_000) {
            int kind = random.nextInt(10);
            int run = kind == 0 ? 500 : 1 + random.nextInt(20);
            for (int k = 0; k < run; k++) {
                list.add(at);
                at += kind == 1 ? 8L << random.nextInt(20) : 16 + 8L * random.nextInt(4);
            }
            at += kind == 2 ? 1L << 24 : 0;
        }
        long[] ids = list.stream().mapToLong(Long::longValue).toArray();
        java.util.Collections.shuffle(list, random);
        ObjectIndex index = new ObjectIndex(ids.length);
        for (long id : list) {
            index.add(id, id & 0xffff, 1);
        }
        index.seal();
        java.util.Set<Long> held = new java.util.HashSet<>(list);
        for (int i = 0; i < ids.length; i++) {
            assertEquals(i, index.ordinal(ids[i]));
            for (long miss : new long[]{ids[i] - 8, ids[i] + 8, ids[i] + 4}) {
                if (!held.contains(miss)) {
                    assertEquals(-1, index.ordinal(miss), () -> Long.toHexString(miss));
                }
            }
        }
        assertEquals(-1, index.ordinal(ids[0] - 8));
        assertEquals(-1, index.ordinal(ids[ids.length - 1] + 8));
    }

    @Test
    void indexFindsEveryObjectAndNothingElse() {
        ObjectIndex index = new ObjectIndex(5);
        long[] ids = {0x7000, 0x1000, 0x5008, 0x1008, 0x9ff8};
        for (int i = 0; i < ids.length; i++) {
            index.add(ids[i], 100 + i, i == 2 ? ObjectIndex.PRIMITIVE_ARRAY : 10 + i);
        }
        index.seal();
        long[] sorted = ids.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < ids.length; i++) {
            assertEquals(100 + i, index.position(ids[i]));
            int ordinal = index.ordinal(ids[i]);
            assertEquals(java.util.Arrays.binarySearch(sorted, ids[i]), ordinal, "ordinals follow the ids' order");
            assertEquals(ids[i], index.idAt(ordinal));
            assertEquals(100 + i, index.positionAt(ordinal));
            assertEquals(i == 2 ? ObjectIndex.PRIMITIVE_ARRAY : 10 + i, index.classCodeAt(ordinal));
        }
        assertEquals(-1, index.ordinal(0x1010));
        assertEquals(-1, index.position(0x1010));
        assertEquals(-1, index.position(0x0ff8));
        assertEquals(-1, index.position(0xa000));
    }
}
