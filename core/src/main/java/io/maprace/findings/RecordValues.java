package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A report record's components by their JSON names, with the values the JSON holds, read without Jackson's object
 * mapper: a text report lists the counters as its JSON would, and building the mapper's serializers cost every text
 * report 0.13 s of its start (a 0.5 s command took 0.37 s without). Knows what the reports' records use:
 * {@link JsonInclude} on a component (non-null, non-empty, non-default), {@link JsonIgnore}, {@link JsonValue}; a
 * nested record is a map of its components, an enum its name, a time its ISO text. {@code RecordValuesTest} holds it
 * to the mapper's answer for every kind of counters.
 */
final class RecordValues {

    private RecordValues() {
    }

    static Map<String, Object> of(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Method accessor = c.getAccessor();
            if (accessor.isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            Object v = invoke(accessor, r);
            JsonInclude include = accessor.getAnnotation(JsonInclude.class);
            if (include == null || included(include.value(), v)) {
                out.put(c.getName(), value(v));
            }
        }
        return out;
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
        Method json = jsonValue(v.getClass());
        if (json != null) {
            return value(invoke(json, v));
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof Record r) {
            return of(r);
        }
        if (v instanceof Collection<?> c) {
            ArrayList<Object> out = new ArrayList<>(c.size());
            c.forEach(e -> out.add(value(e)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, e) -> out.put(String.valueOf(k), value(e)));
            return out;
        }
        return v.toString(); // Instant, Duration: ISO-8601, as ReportJson writes them
    }

    private static Method jsonValue(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() == 0 && m.isAnnotationPresent(JsonValue.class)) {
                return m;
            }
        }
        return null;
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
