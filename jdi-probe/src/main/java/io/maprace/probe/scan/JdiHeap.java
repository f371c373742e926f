package io.maprace.probe.scan;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ArrayType;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StringReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import io.maprace.heap.Containers;
import io.maprace.heap.Heap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Heap} over JDI: each read is one JDWP command, answered by the target's JDWP agent thread with JNI field
 * reads; no application thread is stopped. Field lists are resolved once per class.
 */
final class JdiHeap implements Heap {

    private record JdiKls(ReferenceType type, String name, boolean isArray, boolean isObjectArray,
                          List<String> superclasses) implements Kls {
    }

    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Character", "java.lang.Boolean", "java.lang.Double", "java.lang.Float");

    private final Map<ReferenceType, JdiKls> classes = new ConcurrentHashMap<>();
    private final Map<ReferenceType, Map<List<String>, Map<String, Field>>> fieldSets = new ConcurrentHashMap<>();
    private final Map<ReferenceType, List<Field>> referenceFields = new ConcurrentHashMap<>();
    private final Map<ReferenceType, Boolean> synchronizedClasses = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final VirtualMachine vm;
    private final Map<String, Optional<Obj>> statics = new ConcurrentHashMap<>();

    JdiHeap(VirtualMachine vm) {
        this.vm = vm;
    }

    /**
     * Lets the target's JDWP agent forget the objects this scan no longer holds. JDI keeps its mirrors of target
     * objects softly and tells the agent to drop an object's id only once the mirror is collected; each id left
     * is a JNI weak reference that every GC of the target processes (a scan that read three million objects made
     * the target's GC pauses 50 times longer). A GC of this process (the tool), with soft references cleared at
     * each GC (bin/maprace sets {@code -XX:SoftRefLRUPolicyMSPerMB=0}), collects the mirrors; JDI then sends the
     * agent their ids in batches.
     */
    @SuppressWarnings("java:S1215")
    static void releaseMirrors() {
        System.gc();
    }

    @Override
    public Kls classOf(Obj o) {
        ReferenceType type;
        try {
            type = JdiObj.unwrap(o).referenceType();
        } catch (ObjectCollectedException e) {
            throw new ObjectGoneException(e);
        }
        return kls(type);
    }

    Kls kls(ReferenceType type) {
        JdiKls k = classes.get(type);
        if (k != null) {
            return k;
        }
        requests.incrementAndGet();
        List<String> chain = new ArrayList<>();
        boolean isArray = type instanceof ArrayType;
        boolean objectArray = false;
        if (isArray) {
            String component = ((ArrayType) type).componentSignature();
            objectArray = component.startsWith("L") || component.startsWith("[");
            chain.add(type.name());
        } else {
            ReferenceType t = type;
            while (t != null) {
                chain.add(t.name());
                t = t instanceof ClassType ct ? ct.superclass() : null;
            }
        }
        k = new JdiKls(type, type.name(), isArray, objectArray, List.copyOf(chain));
        classes.putIfAbsent(type, k);
        return k;
    }

    @Override
    public Map<String, Object> read(Obj o, List<String> names) {
        ObjectReference ref = JdiObj.unwrap(o);
        try {
            ReferenceType type = ref.referenceType();
            Map<String, Field> fields = fieldSets.computeIfAbsent(type, t -> new ConcurrentHashMap<>())
                    .computeIfAbsent(names, n -> resolve(type, n));
            if (fields.isEmpty()) {
                return Map.of();
            }
            requests.incrementAndGet();
            Map<Field, Value> values = ref.getValues(new ArrayList<>(fields.values()));
            Map<String, Object> out = new HashMap<>();
            for (Map.Entry<String, Field> e : fields.entrySet()) {
                out.put(e.getKey(), JdiObj.valueOf(values.get(e.getValue())));
            }
            return out;
        } catch (ObjectCollectedException e) {
            throw new ObjectGoneException(e);
        }
    }

    private static Map<String, Field> resolve(ReferenceType type, List<String> names) {
        Map<String, Field> out = new HashMap<>();
        for (String spec : names) {
            int hash = spec.indexOf('#');
            String declaring = hash < 0 ? null : spec.substring(0, hash);
            String name = hash < 0 ? spec : spec.substring(hash + 1);
            ReferenceType t = type;
            while (t != null) {
                if (declaring == null || t.name().equals(declaring)) {
                    Field f = declaredInstanceField(t, name);
                    if (f != null) {
                        out.put(spec, f);
                        break;
                    }
                    if (declaring != null) {
                        break;
                    }
                }
                t = t instanceof ClassType ct ? ct.superclass() : null;
            }
        }
        return out;
    }

    private static Field declaredInstanceField(ReferenceType t, String name) {
        for (Field f : t.fields()) {
            if (!f.isStatic() && f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    @Override
    public List<FieldValue> referenceFields(Obj o) {
        ObjectReference ref = JdiObj.unwrap(o);
        try {
            ReferenceType type = ref.referenceType();
            List<Field> fields = referenceFields.computeIfAbsent(type, t -> t.allFields().stream()
                    .filter(f -> !f.isStatic() && isReference(f.signature())).toList());
            if (fields.isEmpty()) {
                return List.of();
            }
            requests.incrementAndGet();
            Map<Field, Value> values = ref.getValues(fields);
            List<FieldValue> out = new ArrayList<>();
            for (Field f : fields) {
                if (values.get(f) instanceof ObjectReference v) {
                    out.add(new FieldValue(f.declaringType().name(), f.name(), JdiObj.wrap(v)));
                }
            }
            return out;
        } catch (ObjectCollectedException e) {
            throw new ObjectGoneException(e);
        }
    }

    static boolean isReference(String signature) {
        return signature.startsWith("L") || signature.startsWith("[");
    }

    @Override
    public int length(Obj array) {
        try {
            requests.incrementAndGet();
            return ((ArrayReference) JdiObj.unwrap(array)).length();
        } catch (ObjectCollectedException e) {
            throw new ObjectGoneException(e);
        }
    }

    @Override
    public List<Obj> slice(Obj array, int from, int count) {
        if (count <= 0) {
            return List.of();
        }
        try {
            requests.incrementAndGet();
            // Never read a large array in one request: the JDWP agent reserves a JNI local reference per element
            // and a JDK 17 target aborts (FATAL ERROR in native method: PushLocalFrame) on a 100,000-slot read.
            List<Value> values = ((ArrayReference) JdiObj.unwrap(array)).getValues(from, count);
            List<Obj> out = new ArrayList<>(values.size());
            for (Value v : values) {
                out.add(v instanceof ObjectReference r ? JdiObj.wrap(r) : null);
            }
            return out;
        } catch (ObjectCollectedException e) {
            throw new ObjectGoneException(e);
        }
    }

    @Override
    public String scalar(Obj o) {
        ObjectReference ref = JdiObj.unwrap(o);
        try {
            if (ref instanceof StringReference s) {
                requests.incrementAndGet();
                return Heap.quote(s.value());
            }
            if (ref instanceof ArrayReference || !(o.hint() == Hint.OBJECT)) {
                return null;
            }
            String cls = classOf(o).name();
            if (!BOXES.contains(cls)) {
                return null;
            }
            Object v = read(o, List.of("value")).get("value");
            return v instanceof Character c ? Heap.quote(String.valueOf(c)) : String.valueOf(v);
        } catch (ObjectCollectedException e) {
            return null;
        }
    }

    @Override
    public Comparable<?> comparable(Obj o) {
        ObjectReference ref = JdiObj.unwrap(o);
        try {
            if (ref instanceof StringReference s) {
                requests.incrementAndGet();
                return s.value();
            }
            if (o.hint() != Hint.OBJECT || !BOXES.contains(classOf(o).name())) {
                return null;
            }
            Object v = read(o, List.of("value")).get("value");
            if (v instanceof Double || v instanceof Float) {
                return ((Number) v).doubleValue();
            }
            return v instanceof Number n ? (Comparable<?>) Long.valueOf(n.longValue()) : null;
        } catch (ObjectCollectedException e) {
            return null;
        }
    }

    @Override
    public Obj staticValue(String className, String field) {
        return statics.computeIfAbsent(className + "#" + field, k -> {
            for (ReferenceType t : vm.classesByName(className)) {
                Field f = t.fieldByName(field);
                if (f != null && f.isStatic() && t.getValue(f) instanceof ObjectReference r) {
                    requests.incrementAndGet();
                    return Optional.of(JdiObj.wrap(r));
                }
            }
            return Optional.empty();
        }).orElse(null);
    }

    @Override
    public boolean synchronizedClass(Kls k) {
        ReferenceType type = ((JdiKls) k).type();
        return synchronizedClasses.computeIfAbsent(type, t -> {
            requests.incrementAndGet();
            int counted = 0;
            for (Method m : t.visibleMethods()) {
                if (m.isStatic() || m.isConstructor() || m.isStaticInitializer() || m.isAbstract() || m.isSynthetic()
                        || m.isBridge() || m.isPrivate() || Containers.isJdk(m.declaringType().name())) {
                    continue;
                }
                counted++;
                if (!m.isSynchronized()) {
                    return false;
                }
            }
            return counted > 0;
        });
    }

    @Override
    public long requests() {
        return requests.get();
    }
}
