package io.maprace.findings;

import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SourceStats#named} (what text and HTML reports list) reads the counters as the JSON holds them, without
 * the object mapper: for every kind of counters, with every value set and with every value at its default (0, false,
 * null, empty: what {@code @JsonInclude} leaves out), the same names, order and values as the mapper's.
 */
class RecordValuesTest {

    @Test
    void everyKindOfCountersReadsAsItsJson() throws Exception {
        int kinds = 0;
        for (Class<?> kind : SourceStats.class.getPermittedSubclasses()) {
            for (Class<?> stats : kind.isInterface() ? kind.getPermittedSubclasses() : new Class<?>[]{kind}) {
                for (boolean set : new boolean[]{true, false}) {
                    SourceStats s = (SourceStats) make(stats, set);
                    Map<String, Object> json = ReportJson.mapper().convertValue(s,
                            new TypeReference<LinkedHashMap<String, Object>>() {
                            });
                    assertEquals(numbersAsLong(json), numbersAsLong(s.named()), stats.getSimpleName() + " set=" + set);
                }
                kinds++;
            }
        }
        assertEquals(7, kinds, "every kind of counters");
    }

    /** A report of each kind of counters is written as the mapper writes it, character for character. */
    @Test
    void everyKindOfCountersIsWrittenAsTheMapperWritesIt() throws Exception {
        for (Class<?> kind : SourceStats.class.getPermittedSubclasses()) {
            for (Class<?> stats : kind.isInterface() ? kind.getPermittedSubclasses() : new Class<?>[]{kind}) {
                for (boolean set : new boolean[]{true, false}) {
                    Report r = new Report(Report.SCHEMA, "maprace", new Source("scan", List.of("pid 1"),
                            java.time.Instant.ofEpochSecond(1, 5), null, (SourceStats) make(stats, set)), List.of(),
                            io.maprace.graph.ContentionGraph.EMPTY, List.of(), null);
                    assertEquals(ReportJson.mapper().writeValueAsString(r), ReportWriter.json(r),
                            stats.getSimpleName() + " set=" + set);
                }
            }
        }
    }

    /**
     * The mapper reads each kind of counters back as its own record, by the names the JSON holds: every kind is
     * listed in {@link SourceStatsTypes}, the mapper's mix-in.
     */
    @Test
    void everyKindOfCountersIsReadBackAsItself() throws Exception {
        int kinds = 0;
        for (Class<?> kind : SourceStats.class.getPermittedSubclasses()) {
            for (Class<?> stats : kind.isInterface() ? kind.getPermittedSubclasses() : new Class<?>[]{kind}) {
                SourceStats s = (SourceStats) make(stats, true);
                String json = ReportJson.mapper().writeValueAsString(s);
                assertEquals(s, ReportJson.mapper().readValue(json, SourceStats.class), stats.getSimpleName());
                kinds++;
            }
        }
        assertEquals(7, kinds, "every kind of counters");
    }

    @Test
    void theValuesLeftOutAreLeftOut() throws Exception {
        Map<String, Object> unset = ((SourceStats) make(WatchStats.class, false)).named();
        Map<String, Object> set = ((SourceStats) make(WatchStats.class, true)).named();
        assertTrue(unset.size() < set.size(), "non-default counters left out: " + unset.keySet());
        assertTrue(set.get("mapVerdicts") instanceof List<?> l && l.get(0) instanceof String, "a verdict is its line");
    }

    private record OutOfSight(int count, String name) {
    }

    /** A record whose class is not public is read as the mapper reads it (the accessors made accessible). */
    @Test
    void aRecordOutOfSightIsReadToo() throws Exception {
        OutOfSight r = new OutOfSight(3, "x");
        Map<String, Object> json = ReportJson.mapper().convertValue(r,
                new TypeReference<LinkedHashMap<String, Object>>() {
                });
        assertEquals(numbersAsLong(json), numbersAsLong(RecordValues.of(r)));
    }

    /** The mapper reads a whole number back as the smallest type that holds it: compare them as longs. */
    private static Object numbersAsLong(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, e) -> out.put(k, numbersAsLong(e)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(RecordValuesTest::numbersAsLong).toList();
        }
        return v;
    }

    /** An instance of record {@code type} through its canonical constructor, its values all set or all default. */
    private static Object make(Class<?> type, boolean set) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getGenericType(), set, i);
        }
        Constructor<?> c = type.getDeclaredConstructor(types);
        return c.newInstance(args);
    }

    private static Object value(Type t, boolean set, int i) throws Exception {
        Class<?> c = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
        int n = set ? i + 1 : 0;
        if (c == int.class || c == Integer.class) {
            return set || c.isPrimitive() ? n : null;
        }
        if (c == long.class || c == Long.class) {
            return set || c.isPrimitive() ? (long) n * 3_000_000_000L : null;
        }
        if (c == double.class || c == Double.class) {
            return set || c.isPrimitive() ? n + 0.25 : null;
        }
        if (c == boolean.class || c == Boolean.class) {
            return set || c.isPrimitive() ? set : null;
        }
        if (c == String.class) {
            return set ? "v" + i : null;
        }
        if (c.isEnum()) {
            return set ? c.getEnumConstants()[0] : null;
        }
        if (c == MapVerdict.class) {
            return new MapVerdict("a.B.m" + i, "HashMap", 2, 1234, 2, Severity.PROVEN, "two threads inside it");
        }
        if (c.isRecord()) {
            return make(c, set);
        }
        Type element = ((ParameterizedType) t).getActualTypeArguments()[c == Map.class ? 1 : 0];
        if (c == List.class) {
            List<Object> out = new ArrayList<>();
            if (set) {
                out.add(value(element, true, i));
                out.add(value(element, true, i + 1));
            }
            return out;
        }
        if (c == Map.class) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (set) {
                out.put("k" + i, value(element, true, i));
            }
            return out;
        }
        throw new IllegalArgumentException("no value made for " + t);
    }
}
