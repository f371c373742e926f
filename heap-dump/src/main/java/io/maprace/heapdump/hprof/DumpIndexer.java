package io.maprace.heapdump.hprof;

import io.maprace.heapdump.hprof.DumpFormatException.Kind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dump's records in two passes: the first checks every record's structure and keeps the classes, names and
 * roots (small), and counts the objects; the second fills the {@link ObjectIndex} of their positions, sized exactly.
 * Both go over the heap's segments (hundreds of 1 MB ones in a JDK dump) on every core at once. Object contents are
 * not read here: the checks read them later, by position.
 *
 * <p>Longer than most files here, on purpose: both passes walk the same record layouts, and the record sizes the
 * first pass checks must be the ones the second skips by, byte for byte; keeping them side by side keeps them equal.
 */
final class DumpIndexer {

    private static final byte[] MAGIC = "JAVA PROFILE 1.0.".getBytes(StandardCharsets.US_ASCII);

    private final DumpBytes in;
    private int idSize;
    private final Map<Long, Long> utf8 = new HashMap<>();
    private final Map<Long, Long> classNameIds = new HashMap<>();
    private final Map<Integer, Long> classSerialNames = new HashMap<>();
    private final Map<Long, Long> frames = new HashMap<>();
    private final Map<Integer, Long> traces = new HashMap<>();
    private final Map<Long, ClassInfo> classes = new HashMap<>();
    private final Map<Long, List<long[]>> staticsRaw = new HashMap<>();
    private final List<GcRoot> roots = new ArrayList<>();
    private final List<long[]> segments = new ArrayList<>();
    private long objects;

    DumpIndexer(DumpBytes in) {
        this.in = in;
    }

    HprofDump index() {
        long pos = header();
        long end = in.size();
        try {
            records(pos, end);
        } catch (RuntimeException e) {
            scanSegments(); // an error in a segment before this record is the first one in the file
            throw e;
        }
        scanSegments();
        if (objects > (Integer.MAX_VALUE - 8) / 2) { // the index keeps two longs an object in one array
            throw corrupt(end, objects + " objects: more than this reader indexes");
        }
        return indexObjects();
    }

    /** The first pass over the top-level records: names, classes' names, frames and traces; the segments' places. */
    private void records(long pos, long end) {
        while (pos < end) {
            if (!in.has(pos, 9)) {
                throw truncated(pos, "a record header");
            }
            int tag = in.u1(pos);
            long length = in.u4(pos + 5);
            long body = pos + 9;
            if (!in.has(body, length)) {
                throw truncated(pos, "a record of " + length + " bytes");
            }
            switch (tag) {
                case Tags.UTF8 -> {
                    if (length < idSize) {
                        throw corrupt(pos, "a string record shorter than an id");
                    }
                    utf8.put(in.id(body, idSize), pos);
                }
                case Tags.LOAD_CLASS -> {
                    need(body, 8L + 2 * idSize, body + length, pos);
                    classNameIds.put(in.id(body + 4, idSize), in.id(body + 8 + idSize, idSize));
                    classSerialNames.put(in.i4(body), in.id(body + 8 + idSize, idSize));
                }
                case Tags.FRAME -> {
                    need(body, 4L * idSize + 8, body + length, pos);
                    frames.put(in.id(body, idSize), body);
                }
                case Tags.TRACE -> {
                    need(body, 12, body + length, pos);
                    traces.put(in.i4(body), body);
                }
                // checked after this pass, the segments on every core at once
                case Tags.HEAP_DUMP, Tags.HEAP_DUMP_SEGMENT -> segments.add(new long[]{body, body + length, 0});
                case Tags.UNLOAD_CLASS, Tags.ALLOC_SITES, Tags.HEAP_SUMMARY,
                        Tags.START_THREAD, Tags.END_THREAD, Tags.CPU_SAMPLES, Tags.CONTROL_SETTINGS,
                        Tags.HEAP_DUMP_END -> {
                    // not needed to check maps
                }
                default -> throw corrupt(pos, String.format("unknown record tag 0x%02x", tag));
            }
            pos = body + length;
        }
    }

    /** What the first pass learns of one segment: its objects, classes and roots, in the order of its records. */
    private static final class SegmentScan {
        long objects;
        final List<GcRoot> roots = new ArrayList<>();
        final List<ClassInfo> classes = new ArrayList<>();
        final List<List<long[]>> statics = new ArrayList<>();
        RuntimeException error;
    }

    private int scanned;

    /**
     * Checks the segments met since the last call, in parallel, then keeps what they hold in file order (the
     * objects before each segment, for the second pass); throws the first segment's error in file order.
     */
    private void scanSegments() {
        List<long[]> todo = segments.subList(scanned, segments.size());
        List<SegmentScan> done = java.util.stream.IntStream.range(0, todo.size()).parallel().mapToObj(i -> {
            SegmentScan out = new SegmentScan();
            try {
                segment(todo.get(i)[0], todo.get(i)[1], out);
            } catch (RuntimeException e) {
                out.error = e;
            }
            return out;
        }).toList();
        for (int i = 0; i < done.size(); i++) {
            SegmentScan out = done.get(i);
            if (out.error != null) {
                throw out.error;
            }
            todo.get(i)[2] = objects; // with the objects before it
            objects += out.objects;
            roots.addAll(out.roots);
            for (int c = 0; c < out.classes.size(); c++) {
                classes.put(out.classes.get(c).id, out.classes.get(c));
                staticsRaw.put(out.classes.get(c).id, out.statics.get(c));
            }
        }
        scanned = segments.size();
    }

    private HprofDump indexObjects() {
        ObjectIndex index = new ObjectIndex((int) objects);
        ClassTable table = new ClassTable(classes);
        // the segments' objects go to slots known from the first pass: the cores fill them at once
        long filled = java.util.stream.IntStream.range(0, segments.size()).parallel().mapToLong(i -> {
            long[] s = segments.get(i);
            return fill(s[0], s[1], index, table, (int) s[2]);
        }).sum();
        if (filled != objects) {
            throw new IllegalStateException(filled + " of " + objects + " objects indexed");
        }
        index.seal();
        Map<Long, String> names = resolveNames();
        return new HprofDump(in, idSize, index, table, roots, names, stacks());
    }

    /** Each thread's stack (by the thread's serial), frames named {@code pkg.Class.method(File.java:line)}. */
    private Map<Integer, List<String>> stacks() {
        Map<Integer, List<String>> out = new HashMap<>();
        for (GcRoot r : roots) {
            if (r.kind() != GcRoot.Kind.THREAD_OBJECT || !traces.containsKey(r.frame())) {
                continue;
            }
            long t = traces.get(r.frame());
            long count = in.u4(t + 8);
            List<String> stack = new ArrayList<>();
            for (long i = 0; i < count && i < 4096 && in.has(t + 12 + (i + 1) * idSize, 0); i++) {
                Long f = frames.get(in.id(t + 12 + i * idSize, idSize));
                stack.add(f == null ? "?" : frameName(f));
            }
            out.put(r.thread(), List.copyOf(stack));
        }
        return out;
    }

    private String frameName(long f) {
        String method = string(in.id(f + idSize, idSize));
        long fileId = in.id(f + 3L * idSize, idSize);
        Long classNameId = classSerialNames.get(in.i4(f + 4L * idSize));
        int line = in.i4(f + 4L * idSize + 4);
        String cls = classNameId == null ? "?" : binaryName(string(classNameId));
        String file = fileId == 0 || !utf8.containsKey(fileId) ? null : string(fileId);
        return cls + "." + method + "(" + (file == null ? "Unknown Source" : file + (line > 0 ? ":" + line : ""))
                + ")";
    }

    private long header() {
        if (in.size() == 0) {
            throw new DumpFormatException(Kind.EMPTY, 0, "the file is empty (zero bytes)");
        }
        int nul = -1;
        for (int i = 0; i < Math.min(in.size(), 32); i++) {
            if (in.u1(i) == 0) {
                nul = i;
                break;
            }
        }
        boolean magic = in.size() >= MAGIC.length;
        for (int i = 0; magic && i < MAGIC.length; i++) {
            magic = in.u1(i) == (MAGIC[i] & 0xff);
        }
        if (!magic || nul < 0) {
            throw new DumpFormatException(Kind.NOT_HPROF, 0, "no HPROF header (\"JAVA PROFILE 1.0.2\")");
        }
        if (!in.has(nul + 1, 12)) {
            throw truncated(nul + 1, "the header");
        }
        idSize = in.i4(nul + 1);
        if (idSize != 4 && idSize != 8) {
            throw corrupt(nul + 1, "an identifier size of " + idSize + " bytes (4 or 8 expected)");
        }
        return nul + 1 + 12;
    }

    /** Checks one segment's sub-records and keeps its classes and roots. */
    private void segment(long pos, long end, SegmentScan out) {
        int id = idSize;
        while (pos < end) {
            int tag = in.u1(pos);
            long p = pos + 1;
            long next;
            switch (tag) {
                case Tags.ROOT_UNKNOWN -> next = root(out, GcRoot.Kind.UNKNOWN, p, -1, -1, p + id, end);
                case Tags.ROOT_JNI_GLOBAL -> next = root(out, GcRoot.Kind.JNI_GLOBAL, p, -1, -1, p + 2L * id, end);
                case Tags.ROOT_JNI_LOCAL -> next = root(out, GcRoot.Kind.JNI_LOCAL, p, p + id, p + id + 4, p + id + 8,
                        end);
                case Tags.ROOT_JAVA_FRAME -> next = root(out, GcRoot.Kind.JAVA_FRAME, p, p + id, p + id + 4, p + id + 8,
                        end);
                case Tags.ROOT_NATIVE_STACK -> next = root(out, GcRoot.Kind.NATIVE_STACK, p, p + id, -1, p + id + 4,
                        end);
                case Tags.ROOT_STICKY_CLASS -> next = p + id;
                case Tags.ROOT_THREAD_BLOCK -> next = root(out, GcRoot.Kind.THREAD_BLOCK, p, p + id, -1, p + id + 4,
                        end);
                case Tags.ROOT_MONITOR_USED -> next = root(out, GcRoot.Kind.MONITOR_USED, p, -1, -1, p + id, end);
                case Tags.ROOT_THREAD_OBJECT -> next = root(out, GcRoot.Kind.THREAD_OBJECT, p, p + id, p + id + 4,
                        p + id + 8, end);
                case Tags.CLASS_DUMP -> next = classDump(p, end, out);
                case Tags.INSTANCE_DUMP -> {
                    need(p, id + 8L + id, end, pos);
                    next = p + id + 4 + id + 4 + in.u4(p + id + 4 + id);
                    out.objects++;
                }
                case Tags.OBJ_ARRAY_DUMP -> {
                    need(p, id + 8L + id, end, pos);
                    next = p + id + 8 + id + in.u4(p + id + 4) * id;
                    out.objects++;
                }
                case Tags.PRIM_ARRAY_DUMP -> {
                    need(p, id + 9L, end, pos);
                    int size = Tags.size(in.u1(p + id + 8), id);
                    if (size <= 0 || size == id && in.u1(p + id + 8) == Tags.OBJECT) {
                        throw corrupt(pos, "a primitive array of element type " + in.u1(p + id + 8));
                    }
                    next = p + id + 9 + in.u4(p + id + 4) * size;
                    out.objects++;
                }
                default -> throw corrupt(pos, String.format("unknown heap record tag 0x%02x", tag));
            }
            if (next > end) {
                throw in.size() <= next && end == in.size() ? truncated(pos, "an object") : corrupt(pos,
                        "a heap record that runs past its segment");
            }
            pos = next;
        }
    }

    private long root(SegmentScan out, GcRoot.Kind kind, long obj, long threadAt, long frameAt, long next, long end) {
        need(obj, next - obj, end, obj - 1);
        int thread = threadAt < 0 ? -1 : in.i4(threadAt);
        int frame = frameAt < 0 ? -1 : in.i4(frameAt);
        out.roots.add(new GcRoot(kind, in.id(obj, idSize), thread, frame));
        return next;
    }

    private long classDump(long p, long end, SegmentScan out) {
        int id = idSize;
        long start = p - 1;
        need(p, 7L * id + 10, end, start);
        long classId = in.id(p, id);
        long superId = in.id(p + id + 4, id);
        long loaderId = in.id(p + 2L * id + 4, id);
        long q = p + 7L * id + 8;
        int constants = in.u2(q);
        q += 2;
        for (int i = 0; i < constants; i++) {
            need(q, 3, end, start);
            q += 3 + typeSize(in.u1(q + 2), start);
        }
        need(q, 2, end, start);
        int statics = in.u2(q);
        q += 2;
        List<long[]> raw = new ArrayList<>(statics);
        for (int i = 0; i < statics; i++) {
            need(q, id + 1L, end, start);
            int type = in.u1(q + id);
            int size = typeSize(type, start);
            need(q, id + 1L + size, end, start);
            long value = size == 8 ? in.i8(q + id + 1) : size == 4 ? in.u4(q + id + 1)
                    : size == 2 ? in.u2(q + id + 1) : in.u1(q + id + 1);
            raw.add(new long[]{in.id(q, id), type, value});
            q += id + 1 + size;
        }
        need(q, 2, end, start);
        int fields = in.u2(q);
        q += 2;
        need(q, (long) fields * (id + 1), end, start);
        long[] names = new long[fields];
        byte[] types = new byte[fields];
        for (int i = 0; i < fields; i++) {
            names[i] = in.id(q, id);
            types[i] = (byte) in.u1(q + id);
            typeSize(types[i], start);
            q += id + 1;
        }
        out.classes.add(new ClassInfo(classId, superId, loaderId, names, types));
        out.statics.add(raw);
        return q;
    }

    /**
     * Second pass, over one segment: the position of each of its objects, in the index's slots from {@code slot} on.
     *
     * @return the number of objects in the segment
     */
    private int fill(long pos, long end, ObjectIndex index, ClassTable table, int slot) {
        int id = idSize;
        int first = slot;
        while (pos < end) {
            int tag = in.u1(pos);
            long p = pos + 1;
            switch (tag) {
                case Tags.ROOT_UNKNOWN, Tags.ROOT_STICKY_CLASS, Tags.ROOT_MONITOR_USED -> pos = p + id;
                case Tags.ROOT_JNI_GLOBAL -> pos = p + 2L * id;
                case Tags.ROOT_JNI_LOCAL, Tags.ROOT_JAVA_FRAME, Tags.ROOT_THREAD_OBJECT -> pos = p + id + 8;
                case Tags.ROOT_NATIVE_STACK, Tags.ROOT_THREAD_BLOCK -> pos = p + id + 4;
                // classes are in the class table; HotSpot writes them first, at addresses out of order
                case Tags.CLASS_DUMP -> pos = skipClassDump(p);
                case Tags.INSTANCE_DUMP -> {
                    index.set(slot++, in.id(p, id), pos, classCode(table, in.id(p + id + 4, id)));
                    pos = p + id + 4 + id + 4 + in.u4(p + id + 4 + id);
                }
                case Tags.OBJ_ARRAY_DUMP -> {
                    index.set(slot++, in.id(p, id), pos, classCode(table, in.id(p + id + 8, id)));
                    pos = p + id + 8 + id + in.u4(p + id + 4) * id;
                }
                case Tags.PRIM_ARRAY_DUMP -> {
                    index.set(slot++, in.id(p, id), pos, ObjectIndex.PRIMITIVE_ARRAY);
                    pos = p + id + 9 + in.u4(p + id + 4) * Tags.size(in.u1(p + id + 8), id);
                }
                default -> throw corrupt(pos, String.format("unknown heap record tag 0x%02x", tag));
            }
        }
        return slot - first;
    }

    /** What the index keeps of an object's class (see {@link ObjectIndex}): its ordinal + 1. */
    private static int classCode(ClassTable table, long classId) {
        ClassInfo c = table.get(classId);
        return c == null ? ObjectIndex.UNKNOWN_CLASS : c.ordinal + 1;
    }

    private long skipClassDump(long p) {
        int id = idSize;
        long q = p + 7L * id + 8;
        int constants = in.u2(q);
        q += 2;
        for (int i = 0; i < constants; i++) {
            q += 3 + Tags.size(in.u1(q + 2), id);
        }
        int statics = in.u2(q);
        q += 2;
        for (int i = 0; i < statics; i++) {
            q += id + 1 + Tags.size(in.u1(q + id), id);
        }
        int fields = in.u2(q);
        return q + 2 + (long) fields * (id + 1);
    }

    /** Names of classes and fields, layouts and statics, once every record is read. */
    private Map<Long, String> resolveNames() {
        Map<Long, String> names = new HashMap<>();
        for (ClassInfo c : classes.values()) {
            Long nameId = classNameIds.get(c.id);
            c.name = nameId == null ? "(class 0x" + Long.toHexString(c.id) + ")" : binaryName(string(nameId));
        }
        for (ClassInfo c : classes.values()) {
            List<ClassInfo.Field> layout = new ArrayList<>();
            List<String> chain = new ArrayList<>();
            int offset = 0;
            int guard = 0;
            for (ClassInfo k = c; k != null && guard++ < 256; k = classes.get(k.superId)) {
                chain.add(k.name);
                for (int i = 0; i < k.ownFieldNames.length; i++) {
                    layout.add(new ClassInfo.Field(k.name, string(k.ownFieldNames[i]), k.ownFieldTypes[i], offset));
                    offset += Tags.size(k.ownFieldTypes[i], idSize);
                }
            }
            c.layout = List.copyOf(layout);
            c.references = layout.stream().filter(ClassInfo.Field::isReference).toList();
            c.chain = List.copyOf(chain);
            c.valuesSize = offset;
            List<ClassInfo.Static> statics = new ArrayList<>();
            for (long[] s : staticsRaw.get(c.id)) {
                statics.add(new ClassInfo.Static(string(s[0]), (int) s[1], s[2]));
            }
            c.statics = List.copyOf(statics);
            names.put(c.id, c.name);
        }
        return names;
    }

    private String string(long id) {
        Long pos = utf8.get(id);
        if (pos == null) {
            return "(name 0x" + Long.toHexString(id) + ")";
        }
        long length = in.u4(pos + 5) - idSize;
        return new String(in.bytes(pos + 9 + idSize, (int) length), StandardCharsets.UTF_8);
    }

    /** {@code java/util/HashMap} to {@code java.util.HashMap}; {@code [Ljava/lang/Object;} to {@code java.lang.Object[]}. */
    static String binaryName(String internal) {
        int dims = 0;
        while (dims < internal.length() && internal.charAt(dims) == '[') {
            dims++;
        }
        String base = internal.substring(dims);
        if (dims > 0) {
            switch (base) {
                case "Z" -> base = "boolean";
                case "C" -> base = "char";
                case "F" -> base = "float";
                case "D" -> base = "double";
                case "B" -> base = "byte";
                case "S" -> base = "short";
                case "I" -> base = "int";
                case "J" -> base = "long";
                default -> base = base.startsWith("L") && base.endsWith(";") ? base.substring(1, base.length() - 1)
                        : base;
            }
        }
        return base.replace('/', '.') + "[]".repeat(dims);
    }

    private int typeSize(int type, long record) {
        int size = Tags.size(type, idSize);
        if (size < 0) {
            throw corrupt(record, "a field of unknown type " + type);
        }
        return size;
    }

    private void need(long pos, long length, long end, long record) {
        if (pos + length > end) {
            throw end == in.size() ? truncated(record, "an object") : corrupt(record,
                    "a heap record that runs past its segment");
        }
    }

    private static DumpFormatException truncated(long pos, String what) {
        return new DumpFormatException(Kind.TRUNCATED, pos, "the dump ends inside " + what + " at byte " + pos);
    }

    private static DumpFormatException corrupt(long pos, String what) {
        return new DumpFormatException(Kind.CORRUPT, pos, what + " at byte " + pos);
    }
}
