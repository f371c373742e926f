package io.maprace.probe.scan;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.BooleanValue;
import com.sun.jdi.ByteValue;
import com.sun.jdi.CharValue;
import com.sun.jdi.ClassLoaderReference;
import com.sun.jdi.ClassObjectReference;
import com.sun.jdi.DoubleValue;
import com.sun.jdi.FloatValue;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LongValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ShortValue;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadGroupReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import io.maprace.heap.Heap;

/** An object of the target as {@link JdiHeap} hands it out: wrapping the mirror keeps JDI types in this package. */
record JdiObj(ObjectReference ref) implements Heap.Obj {
    @Override
    public long id() {
        return ref.uniqueID();
    }

    @Override
    public Heap.Hint hint() {
        if (ref instanceof StringReference) {
            return Heap.Hint.STRING;
        }
        if (ref instanceof ClassObjectReference) {
            return Heap.Hint.CLASS;
        }
        if (ref instanceof ThreadReference) {
            return Heap.Hint.THREAD;
        }
        if (ref instanceof ThreadGroupReference) {
            return Heap.Hint.THREAD_GROUP;
        }
        if (ref instanceof ClassLoaderReference) {
            return Heap.Hint.CLASS_LOADER;
        }
        if (ref instanceof ArrayReference) {
            return Heap.Hint.ARRAY;
        }
        return Heap.Hint.OBJECT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JdiObj j && j.ref.equals(ref);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ref.uniqueID());
    }

    static Heap.Obj wrap(ObjectReference ref) {
        return ref == null ? null : new JdiObj(ref);
    }

    static ObjectReference unwrap(Heap.Obj o) {
        return ((JdiObj) o).ref();
    }

    /** A field's value as {@link Heap#read} gives it: an object, a boxed primitive, or null. */
    static Object valueOf(Value v) {
        if (v == null) {
            return null;
        }
        if (v instanceof ObjectReference r) {
            return wrap(r);
        }
        if (v instanceof IntegerValue i) {
            return i.value();
        }
        if (v instanceof BooleanValue b) {
            return b.value();
        }
        if (v instanceof LongValue l) {
            return l.value();
        }
        if (v instanceof FloatValue f) {
            return f.value();
        }
        if (v instanceof DoubleValue d) {
            return d.value();
        }
        if (v instanceof ShortValue s) {
            return s.value();
        }
        if (v instanceof ByteValue b) {
            return b.value();
        }
        if (v instanceof CharValue c) {
            return c.value();
        }
        return null;
    }
}
