package io.maprace.heapdump.scan;

import io.maprace.heap.Heap;
import io.maprace.heapdump.hprof.ClassInfo;
import io.maprace.heapdump.hprof.HprofDump;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Heap} the checks read, over a heap dump: each read is a lookup in the dump's index and a few reads of
 * the mapped file. Nothing in a dump is being written, so every read is a snapshot.
 */
final class DumpHeap implements Heap {

    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Character", "java.lang.Boolean", "java.lang.Double", "java.lang.Float");

    /** An object of the dump. */
    record DumpObj(long id, Hint hint) implements Obj {
    }

    /** A class of the dump (or an array type, which HPROF names only through its elements). */
    record DumpKls(String name, boolean isArray, boolean isObjectArray, List<String> superclasses, Hint hint)
            implements Kls {
    }

    private final HprofDump dump;
    private final Map<Long, DumpKls> classes = new ConcurrentHashMap<>();
    private final Map<String, DumpKls> primitiveArrays = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();

    DumpHeap(HprofDump dump) {
        this.dump = dump;
    }

    /** The object {@code id} as the walk sees it; null for id 0. A dangling id is an object whose reads fail. */
    Obj wrap(long id) {
        if (id == 0) {
            return null;
        }
        if (!dump.exists(id)) {
            return new DumpObj(id, Hint.OBJECT);
        }
        HprofDump.ObjectKind kind = dump.kind(id);
        switch (kind) {
            case CLASS:
                return new DumpObj(id, Hint.CLASS);
            case PRIMITIVE_ARRAY:
            case OBJECT_ARRAY:
                return new DumpObj(id, Hint.ARRAY);
            default:
                return new DumpObj(id, kls(dump.classOf(id)).hint());
        }
    }

    @Override
    public Kls classOf(Obj o) {
        reads.incrementAndGet();
        long id = o.id();
        if (dump.kind(id) == HprofDump.ObjectKind.PRIMITIVE_ARRAY) {
            return primitiveArrays.computeIfAbsent(dump.typeName(id),
                    n -> new DumpKls(n, true, false, List.of(n), Hint.ARRAY));
        }
        if (dump.kind(id) == HprofDump.ObjectKind.CLASS) {
            ClassInfo c = dump.classByName("java.lang.Class");
            return c != null ? kls(c) : new DumpKls("java.lang.Class", false, false,
                    List.of("java.lang.Class", "java.lang.Object"), Hint.CLASS);
        }
        return kls(dump.classOf(id));
    }

    private DumpKls kls(ClassInfo c) {
        DumpKls k = classes.get(c.id());
        if (k != null) {
            return k;
        }
        boolean array = c.name().endsWith("[]");
        List<String> chain = array ? List.of(c.name()) : c.chain();
        k = new DumpKls(c.name(), array, array, chain, hintOf(c.name(), chain, array));
        classes.putIfAbsent(c.id(), k);
        return k;
    }

    private static Hint hintOf(String name, List<String> chain, boolean array) {
        if (array) {
            return Hint.ARRAY;
        }
        if (name.equals("java.lang.String")) {
            return Hint.STRING;
        }
        if (name.equals("java.lang.Class")) {
            return Hint.CLASS;
        }
        if (chain.contains("java.lang.Thread")) {
            return Hint.THREAD;
        }
        if (chain.contains("java.lang.ThreadGroup")) {
            return Hint.THREAD_GROUP;
        }
        if (chain.contains("java.lang.ClassLoader")) {
            return Hint.CLASS_LOADER;
        }
        return Hint.OBJECT;
    }

    @Override
    public Map<String, Object> read(Obj o, List<String> names) {
        reads.incrementAndGet();
        long id = o.id();
        if (dump.kind(id) != HprofDump.ObjectKind.INSTANCE) {
            return Map.of();
        }
        ClassInfo c = dump.classOf(id);
        Map<String, Object> out = new HashMap<>();
        for (String spec : names) {
            int hash = spec.indexOf('#');
            ClassInfo.Field f = hash < 0 ? c.field(null, spec) : c.field(spec.substring(0, hash),
                    spec.substring(hash + 1));
            if (f != null) {
                Object v = dump.field(id, f);
                out.put(spec, f.isReference() ? wrap((Long) v) : v);
            }
        }
        return out;
    }

    @Override
    public List<FieldValue> referenceFields(Obj o) {
        reads.incrementAndGet();
        long id = o.id();
        if (dump.kind(id) != HprofDump.ObjectKind.INSTANCE) {
            return List.of();
        }
        List<FieldValue> out = new ArrayList<>();
        for (ClassInfo.Field f : dump.classOf(id).layout()) {
            if (f.isReference()) {
                long v = dump.reference(id, f);
                if (v != 0) {
                    out.add(new FieldValue(f.owner(), f.name(), wrap(v)));
                }
            }
        }
        return out;
    }

    @Override
    public int length(Obj array) {
        reads.incrementAndGet();
        return dump.length(array.id());
    }

    @Override
    public List<Obj> slice(Obj array, int from, int count) {
        if (count <= 0) {
            return List.of();
        }
        reads.incrementAndGet();
        long[] ids = dump.elements(array.id(), from, count);
        List<Obj> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            out.add(wrap(id));
        }
        return out;
    }

    @Override
    public String scalar(Obj o) {
        Object v = value(o);
        if (v instanceof String s) {
            return Heap.quote(s);
        }
        return v instanceof Character ch ? Heap.quote(String.valueOf(ch)) : v == null ? null : String.valueOf(v);
    }

    @Override
    public Comparable<?> comparable(Obj o) {
        Object v = value(o);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        return v instanceof Number n ? (Comparable<?>) Long.valueOf(n.longValue()) : null;
    }

    /** The text of a String object, unquoted, or null. */
    String string(Obj o) {
        return o.hint() == Hint.STRING ? dump.javaString(o.id()) : null;
    }

    /** The value of a String or a boxed primitive, else null. */
    private Object value(Obj o) {
        if (o == null || !dump.exists(o.id())) {
            return null;
        }
        reads.incrementAndGet();
        if (o.hint() == Hint.STRING) {
            return dump.javaString(o.id());
        }
        if (o.hint() != Hint.OBJECT || dump.kind(o.id()) != HprofDump.ObjectKind.INSTANCE) {
            return null;
        }
        ClassInfo c = dump.classOf(o.id());
        if (!BOXES.contains(c.name())) {
            return null;
        }
        ClassInfo.Field f = c.field(null, "value");
        return f == null ? null : dump.field(o.id(), f);
    }

    @Override
    public Obj staticValue(String className, String field) {
        ClassInfo c = dump.classByName(className);
        if (c == null) {
            return null;
        }
        for (ClassInfo.Static s : c.statics()) {
            if (s.name().equals(field) && s.isReference()) {
                return wrap(s.value());
            }
        }
        return null;
    }

    /** A dump holds no methods: a holder guarded by its own synchronized methods cannot be recognized. */
    @Override
    public boolean synchronizedClass(Kls k) {
        return false;
    }

    @Override
    public long requests() {
        return reads.get();
    }
}
