package io.maprace.heapdump.hprof;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A dump with 4-byte ids (what a 32-bit JVM writes; HotSpot on 64 bits always writes 8), built record by record as
 * heapDumper.cpp lays them out: the reader takes the id size from the header.
 */
class SmallIdDumpTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    private void record(int tag, byte[] body) throws IOException {
        out.writeByte(tag);
        out.writeInt(0);
        out.writeInt(body.length);
        out.write(body);
    }

    private static byte[] utf8(int id, String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(id);
        d.write(s.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static byte[] loadClass(int serial, int classId, int nameId) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(serial);
        d.writeInt(classId);
        d.writeInt(0);
        d.writeInt(nameId);
        return b.toByteArray();
    }

    /** CLASS DUMP with 4-byte ids: one static reference, instance fields {@code (name id, type)}. */
    private static void classDump(DataOutputStream d, int id, int superId, int staticName, int staticValue,
                                  int[][] fields) throws IOException {
        d.writeByte(Tags.CLASS_DUMP);
        d.writeInt(id);
        d.writeInt(0);
        d.writeInt(superId);
        for (int i = 0; i < 5; i++) {
            d.writeInt(0);
        }
        d.writeInt(16);
        d.writeShort(0);
        d.writeShort(staticName == 0 ? 0 : 1);
        if (staticName != 0) {
            d.writeInt(staticName);
            d.writeByte(Tags.OBJECT);
            d.writeInt(staticValue);
        }
        d.writeShort(fields.length);
        for (int[] f : fields) {
            d.writeInt(f[0]);
            d.writeByte(f[1]);
        }
    }

    @Test
    void readsClassesStaticsInstancesAndRootsWithFourByteIds() throws IOException {
        out.write("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(4);
        out.writeLong(0);
        record(Tags.UTF8, utf8(1, "java/lang/Object"));
        record(Tags.UTF8, utf8(2, "com/foo/Holder"));
        record(Tags.UTF8, utf8(3, "INSTANCE"));
        record(Tags.UTF8, utf8(4, "count"));
        record(Tags.UTF8, utf8(5, "next"));
        record(Tags.LOAD_CLASS, loadClass(1, 0x100, 1));
        record(Tags.LOAD_CLASS, loadClass(2, 0x200, 2));
        ByteArrayOutputStream seg = new ByteArrayOutputStream();
        DataOutputStream s = new DataOutputStream(seg);
        s.writeByte(Tags.ROOT_JNI_GLOBAL);
        s.writeInt(0x1000);
        s.writeInt(0x9999);
        classDump(s, 0x100, 0, 0, 0, new int[0][]);
        classDump(s, 0x200, 0x100, 3, 0x1000, new int[][]{{4, Tags.INT}, {5, Tags.OBJECT}});
        for (int id : new int[]{0x1000, 0x1010}) {
            s.writeByte(Tags.INSTANCE_DUMP);
            s.writeInt(id);
            s.writeInt(0);
            s.writeInt(0x200);
            s.writeInt(8);
            s.writeInt(id == 0x1000 ? 42 : 7);
            s.writeInt(id == 0x1000 ? 0x1010 : 0);
        }
        record(Tags.HEAP_DUMP_SEGMENT, seg.toByteArray());
        record(Tags.HEAP_DUMP_END, new byte[0]);
        Path file = dir.resolve("small.hprof");
        Files.write(file, bytes.toByteArray());

        try (HprofDump d = HprofDump.open(file)) {
            assertEquals(4, d.idSize());
            assertEquals(4, d.objectCount());
            ClassInfo holder = d.classByName("com.foo.Holder");
            assertEquals(List.of("com.foo.Holder", "java.lang.Object"), holder.chain());
            assertEquals(0x1000, holder.statics().get(0).value());
            long first = d.locate(0x1000);
            assertEquals(42, d.fieldAt(first, holder, holder.field("count")));
            long next = d.referenceAt(first, holder, holder.field("com.foo.Holder#next"));
            assertEquals(0x1010, next);
            assertEquals(7, d.fieldAt(d.locate(next), holder, holder.field("count")));
            assertEquals(List.of(new GcRoot(GcRoot.Kind.JNI_GLOBAL, 0x1000, -1, -1)), d.roots());
        }
    }
}
