package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report's records as the JSON tree {@link ReportJson#mapper()} would write (maps in property order, lists,
 * strings, numbers, booleans, nulls), read without the object mapper: building its serializers cost every report
 * 0.13 s and about 600 classes of its start. Reads the annotations the reports' records use: {@link JsonInclude}
 * on a record or a component (non-null, non-empty, non-default), {@link JsonIgnore}, {@link JsonValue},
 * {@link JsonProperty} (a component's name, or a read-only property of a method: {@code Evidence.basis}),
 * {@link JsonTypeInfo} by name as a property (the evidence's {@code type}; deduction writes none). An enum is its
 * name, a time its ISO-8601 text. {@code RecordValuesTest} and {@code ReportWriterTest} hold it to the mapper.
 */
final class RecordValues {

    /** What is read of each record class, once. */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private static final ClassValue<Reader> JSON_VALUES = new ClassValue<>() {
        @Override
        protected Reader computeValue(Class<?> type) {
            for (Method m : type.getMethods()) {
                if (m.getParameterCount() == 0 && m.isAnnotationPresent(JsonValue.class)) {
                    return new Reader(m);
                }
            }
            return null;
        }
    };

    private RecordValues() {
    }

    /** A record's properties, in the order the JSON holds them. */
    static Map<String, Object> of(Record r) {
        Shape shape = SHAPES.get(r.getClass());
        Map<String, Object> out = new LinkedHashMap<>();
        if (shape.typeProperty != null) {
            out.put(shape.typeProperty, shape.typeName);
        }
        for (Property p : shape.properties) {
            Object v = p.read.read(r);
            if (p.include == null || included(p.include, v)) {
                out.put(p.name, value(v));
            }
        }
        return out;
    }

    /** One property: its JSON name, how it is read, when it is left out (null: never). */
    private record Property(String name, Reader read, JsonInclude.Include include) {
    }

    /** A record class's type id (when its interface asks for one by name) and properties, in the JSON's order. */
    private record Shape(String typeProperty, String typeName, List<Property> properties) {

        static Shape of(Class<?> type) {
            JsonInclude byClass = type.getAnnotation(JsonInclude.class);
            List<Property> properties = new ArrayList<>();
            Set<String> accessors = new HashSet<>();
            for (RecordComponent c : type.getRecordComponents()) {
                Method accessor = c.getAccessor();
                accessors.add(accessor.getName());
                if (accessor.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                JsonProperty named = accessor.getAnnotation(JsonProperty.class);
                JsonInclude include = accessor.getAnnotation(JsonInclude.class);
                include = include != null ? include : byClass;
                properties.add(new Property(named != null && !named.value().isEmpty() ? named.value() : c.getName(),
                        new Reader(accessor), include == null ? null : include.value()));
            }
            // read-only properties of methods come after the components, as the mapper writes them
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() == Object.class) {
                    // none is a property; and reading their annotations (the JDK's own) would parse those for
                    // nothing, a text report's only annotations
                    continue;
                }
                JsonProperty named = m.getAnnotation(JsonProperty.class);
                if (named != null && m.getParameterCount() == 0 && !accessors.contains(m.getName())) {
                    properties.add(new Property(named.value().isEmpty() ? m.getName() : named.value(), new Reader(m),
                            null));
                }
            }
            for (Class<?> i : type.getInterfaces()) {
                JsonTypeInfo info = i.getAnnotation(JsonTypeInfo.class);
                JsonSubTypes subTypes = i.getAnnotation(JsonSubTypes.class);
                if (info != null && info.use() == JsonTypeInfo.Id.NAME && info.include() == JsonTypeInfo.As.PROPERTY
                        && subTypes != null) {
                    for (JsonSubTypes.Type t : subTypes.value()) {
                        if (t.value() == type) {
                            return new Shape(info.property(), t.name(), List.copyOf(properties));
                        }
                    }
                }
            }
            return new Shape(null, null, List.copyOf(properties));
        }
    }

    private static boolean included(JsonInclude.Include include, Object v) {
        return switch (include) {
            case NON_NULL, NON_ABSENT -> v != null;
            case NON_EMPTY -> !empty(v);
            case NON_DEFAULT -> !empty(v) && !isDefault(v);
            default -> true;
        };
    }

    private static boolean empty(Object v) {
        return v == null || v instanceof Collection<?> c && c.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty()
                || v instanceof String s && s.isEmpty();
    }

    private static boolean isDefault(Object v) {
        return v instanceof Number n && (n instanceof Double || n instanceof Float ? n.doubleValue() == 0
                : n.longValue() == 0) || Boolean.FALSE.equals(v);
    }

    private static Object value(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof Instant t) {
            return IsoInstants.text(t); // ISO-8601, as ReportJson writes it
        }
        Reader json = JSON_VALUES.get(v.getClass());
        if (json != null) {
            return value(json.read(v));
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof Record r) {
            return of(r);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object e : c) {
                out.add(value(e));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, e) -> out.put(String.valueOf(k), value(e)));
            return out;
        }
        return v.toString(); // Duration: ISO-8601, as ReportJson writes it
    }

    /**
     * The ISO-8601 texts of instants met lately, as {@link Instant#toString} writes them: a report repeats a few
     * hundred instants thousands of times (the timeline's marks share their columns' bounds), and each
     * {@code toString} formats through {@code DateTimeFormatter} (the 500 MB bench recording's JSON report: 4,638
     * instants, 483 distinct, 10 ms). Entries are immutable: a read racing a write sees one whole entry or another.
     */
    private static final class IsoInstants {
        private static final Entry[] RECENT = new Entry[1024];

        private record Entry(Instant instant, String text) {
        }

        static String text(Instant t) {
            int slot = t.hashCode() & (RECENT.length - 1);
            Entry e = RECENT[slot];
            if (e != null && e.instant.equals(t)) {
                return e.text;
            }
            String text = t.toString();
            RECENT[slot] = new Entry(t, text);
            return text;
        }
    }

    /**
     * Reads one property. A method called through {@link Method#invoke} more than 15 times gets a class of its own
     * generated, loaded and compiled on JDK 17, about a hundred for one report; a method handle costs none of that
     * per call, but making the first ones links the JDK's method-handle machinery, about 10 ms in the interpreter,
     * as much as a text report's rendering (it reads one record, the counters, once). So the first calls go through
     * reflection, and the later ones through a handle made then.
     */
    private static final class Reader {
        private static final int REFLECTIVE_CALLS = 8;
        /** The type every handle is called with: one shape, so the JVM links one invoker for all of them. */
        private static final MethodType READER = MethodType.methodType(Object.class, Object.class);

        private final Method method;
        /* Racy on purpose: two threads reading one property may both count a call, or both make a handle. */
        private int calls;
        private MethodHandle handle;

        Reader(Method method) {
            // callable whatever its class's access: a record nested out of sight, as the mapper reads it too
            method.trySetAccessible();
            this.method = method;
        }

        Object read(Object target) {
            MethodHandle h = handle;
            if (h == null && ++calls > REFLECTIVE_CALLS) {
                h = handle();
                handle = h;
            }
            try {
                return h != null ? (Object) h.invokeExact(target) : method.invoke(target);
            } catch (InvocationTargetException e) {
                throw unchecked(e.getCause());
            } catch (Throwable e) {
                throw unchecked(e);
            }
        }

        private MethodHandle handle() {
            try {
                return MethodHandles.lookup().unreflect(method).asType(READER);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        private static RuntimeException unchecked(Throwable e) {
            if (e instanceof RuntimeException r) {
                return r;
            }
            if (e instanceof Error error) {
                throw error;
            }
            return new IllegalStateException(e);
        }
    }
}
