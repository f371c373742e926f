package io.maprace.probe.watch.sites;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A class's constant pool in class-file form, as JDI returns it ({@code ReferenceType.constantPool()}): the
 * entries without the leading count. Parsed once to find the offset of every entry.
 */
public final class ConstantPool {

    public static final int UTF8 = 1;
    public static final int INTEGER = 3;
    public static final int FLOAT = 4;
    public static final int LONG = 5;
    public static final int DOUBLE = 6;
    public static final int CLASS = 7;
    public static final int STRING = 8;
    public static final int FIELDREF = 9;
    public static final int METHODREF = 10;
    public static final int INTERFACE_METHODREF = 11;
    public static final int NAME_AND_TYPE = 12;
    public static final int METHOD_HANDLE = 15;
    public static final int METHOD_TYPE = 16;
    public static final int DYNAMIC = 17;
    public static final int INVOKE_DYNAMIC = 18;
    public static final int MODULE = 19;
    public static final int PACKAGE = 20;

    /** A field or method reference: owner in internal form ({@code com/foo/Registry}), name, descriptor. */
    public record MemberRef(String owner, String name, String descriptor) {
    }

    private final byte[] bytes;
    private final int count;
    private final int[] offsets;
    private final int length;

    private ConstantPool(byte[] bytes, int count, int[] offsets, int length) {
        this.bytes = bytes;
        this.count = count;
        this.offsets = offsets;
        this.length = length;
    }

    /**
     * @param count the class file's {@code constant_pool_count} (one more than the number of slots used)
     * @param bytes the entries, starting at entry 1
     * @throws IllegalArgumentException when the bytes are not a constant pool of that size
     */
    public static ConstantPool parse(int count, byte[] bytes) {
        int[] offsets = new int[Math.max(count, 1)];
        int at = 0;
        for (int i = 1; i < count; i++) {
            if (at >= bytes.length) {
                throw new IllegalArgumentException("constant pool ends at entry " + i + " of " + count);
            }
            offsets[i] = at;
            int tag = bytes[at] & 0xff;
            switch (tag) {
                case UTF8 -> at += 3 + u2(bytes, at + 1);
                case INTEGER, FLOAT, FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC,
                     INVOKE_DYNAMIC -> at += 5;
                case LONG, DOUBLE -> {
                    at += 9;
                    i++; // takes two slots; the second is unusable
                }
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> at += 3;
                case METHOD_HANDLE -> at += 4;
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        if (at > bytes.length) {
            throw new IllegalArgumentException("constant pool truncated");
        }
        return new ConstantPool(bytes, count, offsets, at);
    }

    public int count() {
        return count;
    }

    /** The bytes of all entries (what follows {@code constant_pool_count} in a class file). */
    byte[] bytes() {
        return bytes;
    }

    /** Length in bytes of the entries. */
    int length() {
        return length;
    }

    int offset(int index) {
        return offsets[index];
    }

    public int tag(int index) {
        if (index <= 0 || index >= count) {
            return 0;
        }
        return bytes[offsets[index]] & 0xff;
    }

    public String utf8(int index) {
        int at = offsets[index];
        int len = u2(bytes, at + 1);
        try {
            // Modified UTF-8, exactly what DataInput.readUTF decodes from a length-prefixed buffer.
            return new DataInputStream(new ByteArrayInputStream(bytes, at + 1, len + 2)).readUTF();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Internal name of a {@code CONSTANT_Class} entry. */
    public String className(int index) {
        return utf8(u2(bytes, offsets[index] + 1));
    }

    /** A Fieldref, Methodref or InterfaceMethodref entry. */
    public MemberRef memberRef(int index) {
        int at = offsets[index];
        String owner = className(u2(bytes, at + 1));
        int nat = offsets[u2(bytes, at + 3)];
        return new MemberRef(owner, utf8(u2(bytes, nat + 1)), utf8(u2(bytes, nat + 3)));
    }

    static int u2(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
