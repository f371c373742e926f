package io.maprace.heap;

import java.util.List;

/**
 * What every integrity checker needs: the heap, the limits of one map's walk, and whether keys may be shown.
 *
 * @param maxEntries entries read from one map at most; beyond, the check is partial (and says so)
 * @param showValues whether details may name keys
 */
record CheckContext(Heap heap, ScanBudget budget, int maxEntries, boolean showValues, boolean rereadModCount) {

    /** A context for the first read of each map during the walk: no second read of modCount (one request less). */
    CheckContext(Heap heap, ScanBudget budget, int maxEntries, boolean showValues) {
        this(heap, budget, maxEntries, showValues, false);
    }

    /** The same, reading modCount again at the end of each check: what confirming a defect needs. */
    CheckContext confirming() {
        return new CheckContext(heap, budget, maxEntries, showValues, true);
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

    /** @return false when the visitor or the budget stopped the read */
    boolean forEachSlot(Heap.Obj array, int length, SlotVisitor visitor) {
        for (int from = 0; from < length; from += CHUNK) {
            if (budget.expired()) {
                return false;
            }
            List<Heap.Obj> slots = heap.slice(array, from, Math.min(CHUNK, length - from));
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
