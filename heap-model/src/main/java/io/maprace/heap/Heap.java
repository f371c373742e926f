package io.maprace.heap;

import io.maprace.model.MapFamily;

import java.util.List;
import java.util.Map;

/**
 * Read-only access to the objects of a heap, all the integrity checks and the walk need: a live JVM through JDWP
 * (jdi-probe's {@code JdiHeap}), a heap dump, or this JVM by reflection in tests. Nothing here runs code in the
 * heap's JVM: a corrupted map is read field by field, so no walk can spin inside its methods. Over JDWP each call
 * is one request to the target (about 90 us): callers read what they need in one go. Implementations are
 * thread-safe (the walk reads with several threads).
 *
 * <p>To scan another source, implement this interface and its {@link Obj} and {@link Kls}, give
 * {@link HeapScan} the roots ({@link HeapWalker.Root}: a static field's value, or what a thread holds), and it
 * walks, checks, confirms and ranks as for a live JVM. A source where nothing is written meanwhile (a dump)
 * reads the same {@code modCount} twice, so any damage found is confirmed at once.
 */
public interface Heap {

    /** What the heap's protocol tells of an object without asking its class. */
    enum Hint {
        STRING, CLASS, THREAD, THREAD_GROUP, CLASS_LOADER, ARRAY, OBJECT
    }

    /** An object in the heap. Equal ids mean the same object. */
    interface Obj {
        long id();

        Hint hint();
    }

    /** A class in the heap. */
    interface Kls {
        /** Binary name ({@code java.util.HashMap$Node}); arrays as {@code java.lang.Object[]}. */
        String name();

        boolean isArray();

        /** An array whose elements are references. */
        boolean isObjectArray();

        /** This class and its superclasses, most specific first. */
        List<String> superclasses();

        /**
         * The map family whose internals the checks know that this class is or extends, or null. Asked for every
         * object the walk meets: a source whose classes are made once each may work it out once.
         */
        default MapFamily mapFamily() {
            return MapFamily.ofClassChain(superclasses());
        }
    }

    /** A reference-typed field of an object, with the class that declares it. */
    record FieldValue(String owner, String name, Obj value) {
    }

    Kls classOf(Obj o);

    /**
     * Reads instance fields of {@code o} in one request. A field is named {@code name} (the most specific
     * declaration in the object's class chain) or {@code declaring.Class#name} (the one that class declares: an
     * application subclass of {@code HashMap} may declare its own {@code size}). The result is keyed by the names
     * as given; values are {@link Obj}, boxed primitives or null; fields the class does not have are left out.
     *
     * @throws ObjectGoneException when the object was collected meanwhile
     */
    Map<String, Object> read(Obj o, List<String> fields);

    /**
     * The same read as {@link #read}, the values in the order of {@code fields}: null for a null reference or a
     * field the class does not have. The checks read millions of nodes of small maps this way: a source may answer
     * without making a map for each.
     */
    default Object[] readInOrder(Obj o, List<String> fields) {
        Map<String, Object> values = read(o, fields);
        Object[] out = new Object[fields.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(fields.get(i));
        }
        return out;
    }

    /** Every non-null reference-typed instance field of {@code o}, in one request. */
    List<FieldValue> referenceFields(Obj o);

    int length(Obj array);

    /** Elements {@code from .. from+count-1} of an object array; callers keep {@code count} small (<= 4096). */
    List<Obj> slice(Obj array, int from, int count);

    /** A short printable form of a String or boxed primitive ({@code "abc"}, {@code 42}); null for anything else. */
    String scalar(Obj o);

    /**
     * The value of a String or boxed number as a comparable Java value (String, Long or Double), for checking the
     * order of a TreeMap's keys; null for anything else. One request.
     */
    Comparable<?> comparable(Obj o);

    /** The value of a static reference field of a loaded class, or null (JDK constants such as {@code ReferenceQueue.NULL}). */
    Obj staticValue(String className, String field);

    /**
     * Whether every method an application class declares or inherits from application classes (non-private,
     * non-static) is {@code synchronized}: then the maps in its fields are guarded by its monitor, as far as its
     * own code goes.
     */
    boolean synchronizedClass(Kls k);

    /**
     * Reads a plain hash map in one go when this source can do so faster than field by field (a dump reads the
     * table and nodes in place), and only when it finds the map intact beyond doubt: a {@code HashMap} or
     * {@code LinkedHashMap} of its own class (not a subclass) whose bins are plain chains of at most
     * {@code maxEntries} entries in all, each entry in the bin of its hash and met once (no loop, none in two
     * bins), as many as its {@code size}; for a linked map ({@code linked}), an order list from {@code head} to
     * {@code tail} through exactly those entries, each {@code before} pointing back. Anything else (a tree bin, an
     * odd class, a reference the source cannot follow, any doubt) answers null, and the checks read the map field
     * by field ({@link HashMapChecker}), which names what is wrong: the judgement of damage stays theirs.
     */
    default IntactHashMap intactHashMap(Obj map, boolean linked, int maxEntries) {
        return null;
    }

    /**
     * Reads a plain {@code TreeMap} in one go when this source can do so faster than entry by entry, and only when it
     * finds it intact beyond doubt: a {@code TreeMap} of its own class whose entries, at most {@code maxEntries},
     * are plain {@code TreeMap$Entry} objects met once each from the root (no loop), each child's {@code parent}
     * pointing back, the root black with no parent, no red entry with a red child, equal black heights, as many
     * entries as {@code size}, and with no comparator, String or number keys never decreasing in order (as
     * {@link TreeMapChecker} checks them). Anything else answers null, and {@link TreeMapChecker} reads the map
     * entry by entry and names what is wrong. The keys and values come in the order the checker meets them.
     */
    default IntactTreeMap intactTreeMap(Obj map, int maxEntries) {
        return null;
    }

    /**
     * A bound when every object's {@link Obj#id} is below it and the ids are dense (a dump names objects by their
     * place in its index): the walk then keeps what it learns of each object in arrays by id instead of hash
     * tables. -1 otherwise (JDWP ids are sparse).
     */
    default long denseIds() {
        return -1;
    }

    /**
     * Whether {@link #classOf} answers without a request (a dump holds every object's class at hand): the walk then
     * looks at an object's class when it meets a reference to it, and does not queue a visit for one that would read
     * nothing. False over JDWP, where it costs a request.
     */
    default boolean classAtHand() {
        return false;
    }

    /** Requests made to the target so far. */
    long requests();

    /** A String as {@link #scalar} shows it: quoted, escaped, cut at 60 characters. */
    static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The object was garbage-collected between finding it and reading it: skip it. */
    final class ObjectGoneException extends RuntimeException {
        public ObjectGoneException(Throwable cause) {
            super(cause);
        }
    }
}
