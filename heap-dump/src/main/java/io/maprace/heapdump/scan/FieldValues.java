package io.maprace.heapdump.scan;

import io.maprace.heapdump.hprof.ClassInfo;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The fields one {@code Heap.read} of a dump read, as the map that call returns: the names asked for and the values
 * in their order, looked up by a scan of the names (a reader asks for a few, by the same constant strings it passed,
 * so identity matches first). Millions of nodes are read once each: a {@code HashMap} per read (its table, an
 * entry per field, every name hashed) was most of what a read cost.
 */
final class FieldValues extends AbstractMap<String, Object> {

    private final List<String> names;
    /** Null where the class has no such field: that name is left out of the map. */
    private final ClassInfo.Field[] fields;
    private final Object[] values;

    FieldValues(List<String> names, ClassInfo.Field[] fields, Object[] values) {
        this.names = names;
        this.fields = fields;
        this.values = values;
    }

    private int indexOf(Object name) {
        for (int i = 0; i < fields.length; i++) {
            if (names.get(i) == name) {
                return fields[i] != null ? i : -1;
            }
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] != null && names.get(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next = skip(0);

                    private int skip(int from) {
                        int i = from;
                        while (i < fields.length && fields[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < fields.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= fields.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next;
                        next = skip(i + 1);
                        return new SimpleImmutableEntry<>(names.get(i), values[i]);
                    }
                };
            }

            @Override
            public int size() {
                int n = 0;
                for (ClassInfo.Field f : fields) {
                    n += f != null ? 1 : 0;
                }
                return n;
            }
        };
    }
}
