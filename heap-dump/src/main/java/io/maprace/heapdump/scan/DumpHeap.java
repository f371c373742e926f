package io.maprace.heapdump.scan;

import io.maprace.heap.Heap;
import io.maprace.heap.IntactHashMap;
import io.maprace.heap.IntactTreeMap;
import io.maprace.heap.MapCheck;
import io.maprace.heapdump.hprof.ClassInfo;
import io.maprace.heapdump.hprof.HprofDump;
import io.maprace.model.MapFamily;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link Heap} the checks read, over a heap dump. An object is looked up in the dump's index once, when a
 * reference to it is met; the handle keeps its file position and class, so reading its fields is a few reads of
 * the mapped file. Nothing in a dump is being written: every read is a snapshot. (Over 300 lines: it is the whole
 * {@link Heap} interface for a dump, each method short; the in-place map reads are classes of their own.)
 */
final class DumpHeap implements Heap {

    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Character", "java.lang.Boolean", "java.lang.Double", "java.lang.Float");

    /**
     * An object of the dump: its address (the dump's id), where its record starts (-1 for a class), and its class
     * (null for a class object or a primitive array). Its {@link #id} is its ordinal in the dump's index (classes
     * after the indexed objects): dense, so the walk keeps what it learns of each object in arrays by id, and in the
     * order of the addresses, so maps of equal rank come out in the same order as by address.
     */
    record DumpObj(long address, long id, Hint hint, long pos, ClassInfo cls) implements Obj {
    }

    /** A class of the dump (or an array type, which HPROF names only through its elements). */
    record DumpKls(String name, boolean isArray, boolean isObjectArray, List<String> superclasses, Hint hint,
                   MapFamily mapFamily) implements Kls {
        DumpKls(String name, boolean isArray, boolean isObjectArray, List<String> superclasses, Hint hint) {
            this(name, isArray, isObjectArray, superclasses, hint, MapFamily.ofClassChain(superclasses));
        }
    }

    private final HprofDump dump;
    /** By {@link ClassInfo#ordinal}: looked up for every object met (a record of final fields: safe to share). */
    private final DumpKls[] classes;
    private final Map<String, DumpKls> primitiveArrays = new ConcurrentHashMap<>();
    /** Reads, for {@link #requests}: counted by every reading thread for nearly every object, so striped. */
    private final LongAdder reads = new LongAdder();
    private final AtomicLong dangling = new AtomicLong();

    private final int shift;
    /** Objects in the dump's index: the ids of classes come after theirs. */
    private final int indexed;

    /** Reads plain hash maps in place, or null when the checks read every map field by field. */
    private final IntactHashMaps intact;
    /** Reads plain tree maps in place, or null. */
    private final IntactTreeMaps intactTrees;
    private final LongAdder readInPlace = new LongAdder();
    private final boolean classAtHand;

    DumpHeap(HprofDump dump) {
        this(dump, true);
    }

    /** @param inPlace whether plain hash and tree maps are read in place when intact ({@link #intactHashMap}) */
    DumpHeap(HprofDump dump, boolean inPlace) {
        this(dump, inPlace, true);
    }

    /**
     * @param classAtHand what {@link #classAtHand} says: false has the walk visit every object it meets as over JDWP
     *                    (a test compares)
     */
    DumpHeap(HprofDump dump, boolean inPlace, boolean classAtHand) {
        this.dump = dump;
        this.classAtHand = classAtHand;
        this.shift = dump.idAlignmentBits();
        this.classes = new DumpKls[dump.classes().size()];
        this.indexed = dump.indexedObjects();
        this.intact = inPlace ? new IntactHashMaps(dump, this) : null;
        this.intactTrees = inPlace ? new IntactTreeMaps(dump, this) : null;
    }

    @Override
    public IntactTreeMap intactTreeMap(Obj map, int maxEntries) {
        if (intactTrees == null) {
            return null;
        }
        IntactTreeMap m = intactTrees.read((DumpObj) map, maxEntries);
        if (m != null) {
            readInPlace.increment();
        }
        return m;
    }

    @Override
    public IntactHashMap intactHashMap(Obj map, boolean linked, int maxEntries) {
        if (intact == null) {
            return null;
        }
        IntactHashMap m = intact.read((DumpObj) map, linked, maxEntries);
        if (m != null) {
            readInPlace.increment();
        }
        return m;
    }

    /** Maps read in place and found intact. */
    long readInPlace() {
        return readInPlace.sum();
    }

    /** The dump's id (the address) of an object the walk names by {@link DumpObj#id}. */
    long address(long walkId) {
        return walkId < indexed ? dump.idAt((int) walkId) : dump.classByOrdinal((int) (walkId - indexed)).id();
    }

    @Override
    public boolean classAtHand() {
        return classAtHand;
    }

    @Override
    public long denseIds() {
        return (long) indexed + classes.length;
    }

    /**
     * The object {@code id} as the walk sees it; null for id 0, or for an id the dump does not hold (JDK dumps leave
     * out some objects their references name, archived CDS objects on JDK 17): the walk passes over those, counted.
     */
    Obj wrap(long id) {
        return id == 0 ? null : wrap(id, recent.get());
    }

    /** The first {@code size} entries of a map read in place, its keys' and values' ids by place. */
    List<MapCheck.KeyValue> entries(long[] keys, long[] values, int size) {
        MapCheck.KeyValue[] contents = new MapCheck.KeyValue[size];
        DumpObj[] seen = recent.get();
        for (int i = 0; i < size; i++) {
            contents[i] = new MapCheck.KeyValue(wrap(keys[i], seen), wrap(values[i], seen));
        }
        return Arrays.asList(contents);
    }

    /**
     * {@link #wrap(long)} with this thread's recent objects at hand: one thread-local lookup for the many
     * objects of a slice or a map's entries, not one each.
     */
    Obj wrap(long id, DumpObj[] recent) {
        if (id == 0) {
            return null;
        }
        int slot = (int) (id >>> shift) & (RECENT - 1);
        DumpObj seen = recent[slot];
        if (seen != null && seen.address() == id) {
            return seen;
        }
        Obj o = locate(id);
        if (o instanceof DumpObj d && d.pos() >= 0) {
            recent[slot] = d;
        }
        return o;
    }

    /** Objects wrapped lately, per reading thread, by id: the keys and values a million small maps share. */
    private final ThreadLocal<DumpObj[]> recent = ThreadLocal.withInitial(() -> new DumpObj[RECENT]);
    private static final int RECENT = 4096;

    /** Looks {@code id} up in the index, which knows its class: no byte of the object's record is read here. */
    private Obj locate(long id) {
        int ordinal = dump.ordinalOf(id);
        if (ordinal < 0) {
            ClassInfo c = dump.classById(id);
            if (c != null) {
                return new DumpObj(id, (long) indexed + c.ordinal(), Hint.CLASS, -1, null);
            }
            dangling.incrementAndGet();
            return null;
        }
        long pos = dump.positionAt(ordinal);
        ClassInfo c = dump.classOfOrdinal(ordinal);
        // an object array's class is an array class, whose hint is ARRAY
        return new DumpObj(id, ordinal, c == null ? Hint.ARRAY : kls(c).hint(), pos, c);
    }

    /** References the walk met to objects the dump does not hold. */
    long dangling() {
        return dangling.get();
    }

    @Override
    public Kls classOf(Obj o) {
        reads.increment();
        DumpObj d = (DumpObj) o;
        if (d.cls() != null) {
            return kls(d.cls());
        }
        if (d.hint() == Hint.ARRAY) {
            return primitiveArrays.computeIfAbsent(dump.typeName(d.address()),
                    n -> new DumpKls(n, true, false, List.of(n), Hint.ARRAY));
        }
        ClassInfo c = dump.classByName("java.lang.Class");
        return c != null ? kls(c) : new DumpKls("java.lang.Class", false, false,
                List.of("java.lang.Class", "java.lang.Object"), Hint.CLASS);
    }

    private DumpKls kls(ClassInfo c) {
        DumpKls k = classes[c.ordinal()];
        if (k != null) {
            return k;
        }
        boolean array = c.name().endsWith("[]");
        List<String> chain = array ? List.of(c.name()) : c.chain();
        k = new DumpKls(c.name(), array, array, chain, hintOf(c.name(), chain, array));
        classes[c.ordinal()] = k; // two threads may make it at once: equal records
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

    private static boolean isInstance(DumpObj d) {
        return d.cls() != null && d.hint() != Hint.ARRAY;
    }

    @Override
    public Map<String, Object> read(Obj o, List<String> names) {
        reads.increment();
        DumpObj d = (DumpObj) o;
        if (!isInstance(d)) {
            return Map.of();
        }
        ClassInfo.Field[] fields = d.cls().fields(names);
        return new FieldValues(names, fields, values(d, fields));
    }

    @Override
    public Object[] readInOrder(Obj o, List<String> names) {
        reads.increment();
        DumpObj d = (DumpObj) o;
        return isInstance(d) ? values(d, d.cls().fields(names)) : new Object[names.size()];
    }

    /** The values of {@code fields} (null ones left null) of instance {@code d}. */
    private Object[] values(DumpObj d, ClassInfo.Field[] fields) {
        Object[] values = new Object[fields.length];
        DumpObj[] seen = null;
        for (int i = 0; i < fields.length; i++) {
            ClassInfo.Field f = fields[i];
            if (f != null) {
                if (f.isReference()) {
                    seen = seen != null ? seen : recent.get();
                    values[i] = wrap(dump.referenceAt(d.pos(), d.cls(), f), seen);
                } else {
                    values[i] = dump.fieldAt(d.pos(), d.cls(), f);
                }
            }
        }
        return values;
    }

    @Override
    public List<FieldValue> referenceFields(Obj o) {
        reads.increment();
        DumpObj d = (DumpObj) o;
        if (!isInstance(d)) {
            return List.of();
        }
        List<FieldValue> out = new ArrayList<>();
        DumpObj[] seen = recent.get();
        for (ClassInfo.Field f : d.cls().references()) {
            Obj v = wrap(dump.referenceAt(d.pos(), d.cls(), f), seen);
            if (v != null) {
                out.add(new FieldValue(f.owner(), f.name(), v));
            }
        }
        return out;
    }

    @Override
    public int length(Obj array) {
        reads.increment();
        return dump.lengthAt(((DumpObj) array).pos());
    }

    @Override
    public List<Obj> slice(Obj array, int from, int count) {
        if (count <= 0) {
            return List.of();
        }
        reads.increment();
        long[] ids = dump.elementsAt(((DumpObj) array).pos(), from, count);
        List<Obj> out = new ArrayList<>(ids.length);
        DumpObj[] seen = recent.get();
        for (long id : ids) {
            out.add(wrap(id, seen));
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
        if (o == null) {
            return null;
        }
        // tree maps of a large heap share their keys: each decoded once per reading thread (a dump does not change)
        DumpObj d = (DumpObj) o;
        Comparables cache = comparables.get();
        int slot = (int) (d.address() >>> shift) & (RECENT - 1);
        if (cache.ids[slot] == d.address() && cache.values[slot] != null) {
            reads.increment(); // counted as the read it stands for
            return cache.values[slot];
        }
        Comparable<?> c = decode(o);
        cache.ids[slot] = d.address();
        cache.values[slot] = c;
        return c;
    }

    /** The values of Strings and boxed numbers decoded lately, per reading thread, by address. */
    private static final class Comparables {
        final long[] ids = new long[RECENT];
        final Comparable<?>[] values = new Comparable<?>[RECENT];
    }

    private final ThreadLocal<Comparables> comparables = ThreadLocal.withInitial(Comparables::new);

    private Comparable<?> decode(Obj o) {
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
        return o.hint() == Hint.STRING ? dump.javaString(((DumpObj) o).address()) : null;
    }

    /** The value of a String or a boxed primitive, else null. */
    private Object value(Obj o) {
        if (o == null) {
            return null;
        }
        reads.increment();
        DumpObj d = (DumpObj) o;
        if (d.hint() == Hint.STRING) {
            return dump.javaString(d.address());
        }
        if (d.hint() != Hint.OBJECT || !isInstance(d) || !BOXES.contains(d.cls().name())) {
            return null;
        }
        ClassInfo.Field f = d.cls().field("value");
        return f == null ? null : dump.fieldAt(d.pos(), d.cls(), f);
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
        return reads.sum();
    }
}
