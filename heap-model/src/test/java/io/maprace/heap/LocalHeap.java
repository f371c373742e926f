package io.maprace.heap;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Heap} over this JVM's own objects by reflection, so the checkers and the walker can be tested on maps
 * corrupted in-process. Needs {@code --add-opens java.base/java.util} and {@code java.lang.ref} (surefire sets them).
 */
final class LocalHeap implements Heap {

    record LocalObj(Object o, long id) implements Obj {
        @Override
        public Hint hint() {
            if (o instanceof String) {
                return Hint.STRING;
            }
            if (o instanceof Class) {
                return Hint.CLASS;
            }
            if (o instanceof Thread) {
                return Hint.THREAD;
            }
            if (o instanceof ClassLoader) {
                return Hint.CLASS_LOADER;
            }
            return o.getClass().isArray() ? Hint.ARRAY : Hint.OBJECT;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LocalObj l && l.id == id;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(id);
        }
    }

    private record LocalKls(String name, boolean isArray, boolean isObjectArray, List<String> superclasses)
            implements Kls {
    }

    private final Map<Object, Long> ids = new IdentityHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private long next = 1;

    synchronized Obj of(Object o) {
        if (o == null) {
            return null;
        }
        Long id = ids.get(o);
        if (id == null) {
            id = next++;
            ids.put(o, id);
        }
        return new LocalObj(o, id);
    }

    static Object unwrap(Obj o) {
        return ((LocalObj) o).o();
    }

    @Override
    public Kls classOf(Obj o) {
        Class<?> c = unwrap(o).getClass();
        List<String> chain = new ArrayList<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            chain.add(k.isArray() ? k.getTypeName() : k.getName());
            if (k.isArray()) {
                break;
            }
        }
        return new LocalKls(c.isArray() ? c.getTypeName() : c.getName(), c.isArray(),
                c.isArray() && !c.getComponentType().isPrimitive(), chain);
    }

    @Override
    public Map<String, Object> read(Obj o, List<String> names) {
        requests.incrementAndGet();
        Object target = unwrap(o);
        Map<String, Object> out = new HashMap<>();
        for (String spec : names) {
            int hash = spec.indexOf('#');
            String declaring = hash < 0 ? null : spec.substring(0, hash);
            String name = hash < 0 ? spec : spec.substring(hash + 1);
            for (Class<?> k = target.getClass(); k != null; k = k.getSuperclass()) {
                if (declaring != null && !k.getName().equals(declaring)) {
                    continue;
                }
                Field f = declared(k, name);
                if (f != null) {
                    out.put(spec, value(f, target));
                    break;
                }
                if (declaring != null) {
                    break;
                }
            }
        }
        return out;
    }

    private static Field declared(Class<?> k, String name) {
        for (Field f : k.getDeclaredFields()) {
            if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
                return f;
            }
        }
        return null;
    }

    private Object value(Field f, Object target) {
        try {
            f.setAccessible(true);
            Object v = f.get(target);
            return f.getType().isPrimitive() ? v : of(v);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + f + ": run with --add-opens", e);
        }
    }

    @Override
    public List<FieldValue> referenceFields(Obj o) {
        requests.incrementAndGet();
        Object target = unwrap(o);
        List<FieldValue> out = new ArrayList<>();
        for (Class<?> k = target.getClass(); k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                Object v = value(f, target);
                if (v != null) {
                    out.add(new FieldValue(k.getName(), f.getName(), (Obj) v));
                }
            }
        }
        return out;
    }

    @Override
    public int length(Obj array) {
        requests.incrementAndGet();
        return Array.getLength(unwrap(array));
    }

    @Override
    public List<Obj> slice(Obj array, int from, int count) {
        requests.incrementAndGet();
        Object[] a = (Object[]) unwrap(array);
        List<Obj> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(of(a[i]));
        }
        return out;
    }

    @Override
    public String scalar(Obj o) {
        Object v = unwrap(o);
        if (v instanceof String s) {
            return Heap.quote(s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        return null;
    }

    @Override
    public Comparable<?> comparable(Obj o) {
        Object v = unwrap(o);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        return null;
    }

    @Override
    public boolean synchronizedClass(Kls k) {
        try {
            Class<?> c = Class.forName(k.name());
            int counted = 0;
            for (Class<?> x = c; x != null && !x.getName().startsWith("java."); x = x.getSuperclass()) {
                for (java.lang.reflect.Method m : x.getDeclaredMethods()) {
                    int mod = m.getModifiers();
                    if (Modifier.isStatic(mod) || Modifier.isPrivate(mod) || Modifier.isAbstract(mod) || m.isSynthetic()
                            || m.isBridge()) {
                        continue;
                    }
                    counted++;
                    if (!Modifier.isSynchronized(mod)) {
                        return false;
                    }
                }
            }
            return counted > 0;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public Obj staticValue(String className, String field) {
        try {
            Field f = Class.forName(className).getDeclaredField(field);
            f.setAccessible(true);
            return of(f.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public long requests() {
        return requests.get();
    }
}
