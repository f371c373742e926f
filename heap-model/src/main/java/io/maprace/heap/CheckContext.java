package io.maprace.heap;

import java.util.List;
import java.util.function.Predicate;

/**
 * What every integrity checker needs: the heap, the limits of one map's walk, and whether keys may be shown.
 *
 * @param maxEntries entries read from one map at most; beyond, the check is partial (and says so)
 * @param showValues whether details may name keys
 * @param heapGone whether an error means the heap can no longer be read (the target exited); it ends the scan
 */
record CheckContext(Heap heap, ScanBudget budget, int maxEntries, boolean showValues, boolean rereadModCount,
                    Predicate<RuntimeException> heapGone) {

    /** A context for the first read of each map during the walk: no second read of modCount (one request less). */
    CheckContext(Heap heap, ScanBudget budget, int maxEntries, boolean showValues) {
        this(heap, budget, maxEntries, showValues, false, e -> false);
    }

    /** The same, with a test for errors that mean the heap is gone. */
    CheckContext whenGone(Predicate<RuntimeException> gone) {
        return new CheckContext(heap, budget, maxEntries, showValues, rereadModCount, gone);
    }

    /** The same, reading modCount again at the end of each check: what confirming a defect needs. */
    CheckContext confirming() {
        return new CheckContext(heap, budget, maxEntries, showValues, true, heapGone);
    }

    /**
     * Whether a read that failed with {@code e} ends the map's walk like a spent budget, keeping what was read:
     * the heap is gone (the target exited in the middle of a large map) or the object was collected meanwhile.
     */
    boolean stopsTheWalk(RuntimeException e) {
        return e instanceof Heap.ObjectGoneException || heapGone.test(e);
    }

    /** modCount at the end of a check, or {@link MapCheck#UNKNOWN} when not asked for. */
    int modCountAfter(Heap.Obj map, String field) {
        return rereadModCount ? intOf(heap.read(map, List.of(field)).get(field)) : MapCheck.UNKNOWN;
    }

    /** Array slots read per request: bounded because the target's JDWP agent reserves one JNI reference each. */
    static final int CHUNK = 4096;

    /** Reads an object array in bounded chunks. */
    interface SlotVisitor {
        /** @return false to stop */
        boolean visit(int index, Heap.Obj value);
    }

    /** @return false when the visitor or the budget stopped the read, or the array was collected meanwhile */
    boolean forEachSlot(Heap.Obj array, int length, SlotVisitor visitor) {
        for (int from = 0; from < length; from += CHUNK) {
            if (budget.expired()) {
                return false;
            }
            List<Heap.Obj> slots;
            try {
                slots = heap.slice(array, from, Math.min(CHUNK, length - from));
            } catch (RuntimeException e) {
                // A busy map resized while it was read (its old table collected), or the target exited: what was
                // read stands; the check is partial, as when the budget runs out.
                if (!stopsTheWalk(e)) {
                    throw e;
                }
                return false;
            }
            for (int i = 0; i < slots.size(); i++) {
                if (!visitor.visit(from + i, slots.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code key 'abc'} when values may be shown, else the empty string. */
    String keyNote(Heap.Obj key) {
        if (!showValues || key == null) {
            return "";
        }
        String s = heap.scalar(key);
        return s == null ? "" : " (key " + s + ")";
    }

    static int intOf(Object v) {
        return v instanceof Number n ? n.intValue() : 0;
    }

    static boolean boolOf(Object v) {
        return v instanceof Boolean b && b;
    }

    static Heap.Obj objOf(Object v) {
        return v instanceof Heap.Obj o ? o : null;
    }

    static long idOf(Heap.Obj o) {
        return o == null ? 0 : o.id();
    }
}
