package io.maprace.heapdump.hprof;

import io.maprace.heapdump.hprof.DumpFormatException.Kind;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An indexed HPROF dump: its classes, GC roots, and every object's position, with reads of an object's class,
 * fields and array elements by id. Nothing but the index and the classes is kept in memory; objects are read from
 * the mapped file on demand. Thread-safe for reads.
 */
public final class HprofDump implements Closeable {

    /** What a record at an object's position holds. */
    public enum ObjectKind {
        CLASS, INSTANCE, OBJECT_ARRAY, PRIMITIVE_ARRAY
    }

    private final DumpBytes in;
    private final int idSize;
    private final ObjectIndex index;
    private final ClassTable classes;
    private final List<GcRoot> roots;
    private final Map<String, ClassInfo> byName = new HashMap<>();
    private final Map<Integer, List<String>> stacks;

    HprofDump(DumpBytes in, int idSize, ObjectIndex index, ClassTable classes, List<GcRoot> roots,
              Map<Long, String> names, Map<Integer, List<String>> stacks) {
        this.stacks = stacks;
        this.in = in;
        this.idSize = idSize;
        this.index = index;
        this.classes = classes;
        this.roots = List.copyOf(roots);
        for (ClassInfo c : classes.values()) {
            byName.putIfAbsent(c.name, c);
        }
    }

    /** Maps and indexes an uncompressed dump. */
    public static HprofDump open(Path file) throws IOException {
        DumpBytes bytes = DumpBytes.map(file);
        try {
            return new DumpIndexer(bytes).index();
        } catch (RuntimeException e) {
            bytes.close();
            throw e;
        }
    }

    public int idSize() {
        return idSize;
    }

    public long fileSize() {
        return in.size();
    }

    /** Objects of the dump, classes included. */
    public int objectCount() {
        return index.size() + classes.size();
    }

    /** Bytes of the Java heap the index of object positions takes. */
    public long indexFootprint() {
        return index.footprint();
    }

    public List<GcRoot> roots() {
        return roots;
    }

    /** The frames of a thread's stack (by its serial), top first, as {@code pkg.Class.method(File.java:line)}. */
    public List<String> stack(int threadSerial) {
        return stacks.getOrDefault(threadSerial, List.of());
    }

    public java.util.Collection<ClassInfo> classes() {
        return classes.values();
    }

    public ClassInfo classById(long id) {
        return classes.get(id);
    }

    /** A class by binary name (the first one loaded, when several loaders define it). */
    public ClassInfo classByName(String name) {
        return byName.get(name);
    }

    public boolean exists(long id) {
        return index.position(id) >= 0 || classes.get(id) != null;
    }

    public ObjectKind kind(long id) {
        return classes.get(id) != null ? ObjectKind.CLASS : kindAt(position(id));
    }


    /**
     * The class of an instance or object array (its CLASS DUMP), or null for a class object or a primitive array
     * (see {@link #typeName}).
     */
    public ClassInfo classOf(long id) {
        return classes.get(id) != null ? null : classAt(position(id));
    }


    /** The binary name of the object's class: {@code java.lang.Class} for classes, {@code int[]} for primitive arrays. */
    public String typeName(long id) {
        if (classes.get(id) != null) {
            return "java.lang.Class";
        }
        long pos = position(id);
        int tag = in.u1(pos);
        if (tag == Tags.CLASS_DUMP) {
            return "java.lang.Class";
        }
        if (tag == Tags.PRIM_ARRAY_DUMP) {
            return Tags.primitiveArrayName(in.u1(pos + 1 + idSize + 8));
        }
        return classOf(id).name;
    }









    /** The bytes of a primitive array's values (big-endian), with its element type's size. */
    public byte[] primitiveBytes(long id) {
        long pos = position(id);
        if (in.u1(pos) != Tags.PRIM_ARRAY_DUMP) {
            throw new IllegalArgumentException("not a primitive array: 0x" + Long.toHexString(id));
        }
        int length = in.i4(pos + 1 + idSize + 4);
        int size = Tags.size(in.u1(pos + 1 + idSize + 8), idSize);
        return in.bytes(pos + 1 + idSize + 9, Math.toIntExact((long) length * size));
    }

    /** The text of a {@code java.lang.String} (JDK 8's char[] or JDK 9+'s byte[] with coder), or null. */
    public String javaString(long id) {
        if (id == 0 || !exists(id) || kind(id) != ObjectKind.INSTANCE) {
            return null;
        }
        ClassInfo c = classOf(id);
        if (!"java.lang.String".equals(c.name)) {
            return null;
        }
        ClassInfo.Field value = c.field(null, "value");
        ClassInfo.Field coder = c.field(null, "coder");
        long pos = position(id);
        long array = value == null ? 0 : referenceAt(pos, c, value);
        if (array == 0 || !exists(array)) {
            return null;
        }
        byte[] bytes = primitiveBytes(array);
        if ("char[]".equals(typeName(array))) {
            return new String(bytes, StandardCharsets.UTF_16BE);
        }
        byte code = coder == null ? 0 : (Byte) fieldAt(pos, c, coder);
        // JDK 9+: LATIN1 (0) or UTF16 in the platform's byte order (little-endian on x86 and aarch64)
        return new String(bytes, code == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE);
    }

    private long instanceValues(long pos, ClassInfo c) {
        long size = in.u4(pos + 1 + idSize + 4 + idSize);
        if (size != c.valuesSize) {
            throw corrupt(pos, "an instance of " + c.name + " with " + size + " bytes of fields (its class has "
                    + c.valuesSize + ")");
        }
        return pos + 1 + idSize + 4 + idSize + 4;
    }

    private long position(long id) {
        long pos = index.position(id);
        if (pos < 0) {
            throw new MissingObjectException(id);
        }
        return pos;
    }

    /**
     * Where object {@code id} starts in the file, or -1 when the dump does not hold it or it is a class (see
     * {@link #classById}). The {@code ...At} reads take this position: a reader that keeps it looks the object up
     * once.
     */
    public long locate(long id) {
        return index.position(id);
    }

    /** Objects in the index (classes are not): their ordinals run from 0 to this - 1. */
    public int indexedObjects() {
        return index.size();
    }

    /** The ordinal of object {@code id} (its place among the indexed ids, see {@link ObjectIndex}), or -1. */
    public int ordinalOf(long id) {
        return index.ordinal(id);
    }

    /** The id of the indexed object of ordinal {@code i}. */
    public long idAt(int ordinal) {
        return index.idAt(ordinal);
    }

    /** Where the indexed object of ordinal {@code i} starts in the file. */
    public long positionAt(int ordinal) {
        return index.positionAt(ordinal);
    }

    /**
     * The class of the indexed object of ordinal {@code i} without reading the file: null for a primitive array.
     * An object whose class the dump does not hold is read from its record, which says so (a corrupt dump).
     */
    public ClassInfo classOfOrdinal(int ordinal) {
        int code = index.classCodeAt(ordinal);
        if (code == ObjectIndex.PRIMITIVE_ARRAY) {
            return null;
        }
        return code == ObjectIndex.UNKNOWN_CLASS ? classAt(index.positionAt(ordinal)) : classes.at(code - 1);
    }

    /** A class by its {@link ClassInfo#ordinal}. */
    public ClassInfo classByOrdinal(int ordinal) {
        return classes.at(ordinal);
    }

    public ObjectKind kindAt(long pos) {
        switch (in.u1(pos)) {
            case Tags.CLASS_DUMP:
                return ObjectKind.CLASS;
            case Tags.INSTANCE_DUMP:
                return ObjectKind.INSTANCE;
            case Tags.OBJ_ARRAY_DUMP:
                return ObjectKind.OBJECT_ARRAY;
            default:
                return ObjectKind.PRIMITIVE_ARRAY;
        }
    }

    /** The class of the instance or object array at {@code pos}; null for a class object or a primitive array. */
    public ClassInfo classAt(long pos) {
        int tag = in.u1(pos);
        if (tag == Tags.INSTANCE_DUMP || tag == Tags.OBJ_ARRAY_DUMP) {
            long classId = in.id(pos + 1 + idSize + 4 + (tag == Tags.OBJ_ARRAY_DUMP ? 4 : 0), idSize);
            ClassInfo c = classes.get(classId);
            if (c == null) {
                throw corrupt(pos, "an object whose class 0x" + Long.toHexString(classId) + " is not in the dump");
            }
            return c;
        }
        return null;
    }

    /** A field of the instance at {@code pos} of class {@code c}: an id for references (0 = null), else a boxed value. */
    public Object fieldAt(long pos, ClassInfo c, ClassInfo.Field f) {
        long at = instanceValues(pos, c) + f.offset();
        switch (f.type()) {
            case Tags.OBJECT:
                return in.id(at, idSize);
            case Tags.BOOLEAN:
                return in.u1(at) != 0;
            case Tags.BYTE:
                return (byte) in.u1(at);
            case Tags.CHAR:
                return (char) in.u2(at);
            case Tags.SHORT:
                return (short) in.u2(at);
            case Tags.INT:
                return in.i4(at);
            case Tags.FLOAT:
                return Float.intBitsToFloat(in.i4(at));
            case Tags.LONG:
                return in.i8(at);
            default:
                return Double.longBitsToDouble(in.i8(at));
        }
    }

    /**
     * Where the field values of the instance at {@code pos} of class {@code c} start (a field is at its
     * {@link ClassInfo.Field#offset} from there), or -1 when the record does not hold as many bytes as the class
     * lays out (a corrupt record: {@link #fieldAt} says so).
     */
    public long valuesAt(long pos, ClassInfo c) {
        return in.u4(pos + 1 + idSize + 4 + idSize) == c.valuesSize ? pos + 1 + idSize + 4 + idSize + 4 : -1;
    }

    /** The id at byte {@code at} (a reference field or an array element located by the caller), 0 for null. */
    public long idAtByte(long at) {
        return in.id(at, idSize);
    }

    /** The int at byte {@code at}. */
    public int intAtByte(long at) {
        return in.i4(at);
    }

    /** The byte at {@code at}, unsigned. */
    public int byteAt(long at) {
        return in.u1(at);
    }

    /** The length of the object array at {@code pos}, or -1 when the record there is not an object array. */
    public int objectArrayLength(long pos) {
        return in.u1(pos) == Tags.OBJ_ARRAY_DUMP ? in.i4(pos + 1 + idSize + 4) : -1;
    }

    /** Where the elements of the object array at {@code pos} start: element i is at {@code i * idSize()} from there. */
    public long elementsStart(long pos) {
        return pos + 1 + idSize + 8 + idSize;
    }

    /** The reference field {@code f} of the instance at {@code pos} of class {@code c}: an id, 0 for null. */
    public long referenceAt(long pos, ClassInfo c, ClassInfo.Field f) {
        return in.id(instanceValues(pos, c) + f.offset(), idSize);
    }

    /** Elements of the array at {@code pos}. */
    /**
     * The low bits every object id of the dump has zero (3 for HotSpot's 8-byte alignment): ids shifted right by
     * this many stay distinct and spread better in hash tables.
     */
    public int idAlignmentBits() {
        return index.alignmentBits();
    }

    public int lengthAt(long pos) {
        int tag = in.u1(pos);
        if (tag != Tags.OBJ_ARRAY_DUMP && tag != Tags.PRIM_ARRAY_DUMP) {
            throw new IllegalArgumentException("not an array at byte " + pos);
        }
        return in.i4(pos + 1 + idSize + 4);
    }

    /** Element ids {@code from .. from+count-1} of the object array at {@code pos} (0 = null). */
    public long[] elementsAt(long pos, int from, int count) {
        if (in.u1(pos) != Tags.OBJ_ARRAY_DUMP) {
            throw new IllegalArgumentException("not an object array at byte " + pos);
        }
        int length = in.i4(pos + 1 + idSize + 4);
        int n = Math.max(0, Math.min(count, length - from));
        long base = pos + 1 + idSize + 8 + idSize + (long) from * idSize;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = in.id(base + (long) i * idSize, idSize);
        }
        return out;
    }

    private static DumpFormatException corrupt(long pos, String what) {
        return new DumpFormatException(Kind.CORRUPT, pos, what + " at byte " + pos);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A reference to an object the dump does not hold (a flipped id, or a dump cut short). */
    public static final class MissingObjectException extends RuntimeException {
        public MissingObjectException(long id) {
            super("no object 0x" + Long.toHexString(id) + " in the dump");
        }
    }
}
