package io.maprace.heapdump.hprof;

import java.util.List;

/**
 * A class of the dump (one CLASS DUMP record), with the layout of its instances' field values: the class's own
 * fields first, then its superclass's, as the dumper writes them.
 */
public final class ClassInfo {

    /** An instance field: declared by {@code owner}, at {@code offset} bytes into an instance's values. */
    public record Field(String owner, String name, int type, int offset) {
        public boolean isReference() {
            return type == Tags.OBJECT;
        }

        public boolean isInt() {
            return type == Tags.INT;
        }

        public boolean isBoolean() {
            return type == Tags.BOOLEAN;
        }
    }

    /** A static field with its value (an id for references, the bits for primitives). */
    public record Static(String name, int type, long value) {
        public boolean isReference() {
            return type == Tags.OBJECT;
        }
    }

    final long id;
    final long superId;
    final long loaderId;
    final long[] ownFieldNames;
    final byte[] ownFieldTypes;
    String name;
    List<Static> statics;
    /** Every instance field of the chain, most specific class first; set once the dump is indexed. */
    List<Field> layout;
    /** Bytes of an instance's values (sum of the chain's field sizes). */
    int valuesSize;
    /** This class and its superclasses, most specific first. */
    List<String> chain;

    ClassInfo(long id, long superId, long loaderId, long[] ownFieldNames, byte[] ownFieldTypes) {
        this.id = id;
        this.superId = superId;
        this.loaderId = loaderId;
        this.ownFieldNames = ownFieldNames;
        this.ownFieldTypes = ownFieldTypes;
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public long superId() {
        return superId;
    }

    public long loaderId() {
        return loaderId;
    }

    public List<Static> statics() {
        return statics;
    }

    public List<Field> layout() {
        return layout;
    }

    public int valuesSize() {
        return valuesSize;
    }

    public List<String> chain() {
        return chain;
    }

    /** The most specific field named {@code name}, or the one {@code owner} declares when owner is not null. */
    public Field field(String owner, String name) {
        for (Field f : layout) {
            if (f.name().equals(name) && (owner == null || f.owner().equals(owner))) {
                return f;
            }
        }
        return null;
    }

    /**
     * The field a reader names {@code name} or {@code declaring.Class#name} (see the scan's {@code Heap.read}),
     * resolved once per class.
     */
    public Field field(String spec) {
        Field known = bySpec.get(spec); // the lock-free path: computeIfAbsent may lock the bin on every call
        if (known != null) {
            return known == NONE ? null : known;
        }
        Field found = bySpec.computeIfAbsent(spec, s -> {
            int hash = s.indexOf('#');
            Field f = hash < 0 ? field(null, s) : field(s.substring(0, hash), s.substring(hash + 1));
            return f == null ? NONE : f;
        });
        return found == NONE ? null : found;
    }

    /**
     * The fields a reader names in {@code names} (see {@link #field(String)}), null where the class has none; the
     * last list asked for is kept, as a reader reads the objects of one class with one list of names.
     */
    public Field[] fields(List<String> names) {
        Resolved r = lastResolved;
        if (r != null && r.names() == names) {
            return r.fields();
        }
        Field[] out = new Field[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = field(names.get(i));
        }
        lastResolved = new Resolved(names, out);
        return out;
    }

    private record Resolved(List<String> names, Field[] fields) {
    }

    private volatile Resolved lastResolved;

    /** Its place among the dump's classes (0 to their count - 1), for a reader's own table of classes. */
    public int ordinal() {
        return ordinal;
    }

    int ordinal;

    /** What {@link #bySpec} holds for a field the class does not have. */
    private static final Field NONE = new Field("", "", 0, -1);
    private final java.util.Map<String, Field> bySpec = new java.util.concurrent.ConcurrentHashMap<>();

    /** The reference fields of an instance, in layout order. */
    public List<Field> references() {
        return references;
    }

    List<Field> references;
}
