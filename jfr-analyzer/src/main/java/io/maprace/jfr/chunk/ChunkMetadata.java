package io.maprace.jfr.chunk;

import io.maprace.jfr.events.JfrEventNames;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The types of one chunk, read from its metadata record: a table of strings, then a tree of elements whose
 * {@code class} elements (under {@code metadata}) describe the types and whose {@code field} children describe
 * their fields. Annotations and settings in the tree are skipped.
 */
final class ChunkMetadata {

    /** A JVM numbers its types from a few hundred up: their layouts are found in an array, not a map. */
    private static final int SMALL_ID = 2048;

    private final Map<Long, JfrType> types;
    private final Map<String, JfrType> byName = new HashMap<>();
    /** The event types, id to name, in the order of {@link #eventTypes()}. */
    private final Map<Long, String> eventTypeNames;
    /** The layouts of the wanted event types, by type id. */
    private final EventLayout[] layouts = new EventLayout[SMALL_ID];
    private final LongMap<EventLayout> otherLayouts = new LongMap<>();

    private ChunkMetadata(Map<Long, JfrType> types) throws ChunkFormatException {
        this.types = types;
        for (JfrType t : types.values()) {
            byName.put(t.name, t);
            t.fieldTypes = new JfrType[t.fieldArray.length];
            t.fieldOps = new int[t.fieldArray.length];
            for (int i = 0; i < t.fieldArray.length; i++) {
                JfrType ft = types.get(t.fieldArray[i].typeId());
                if (ft == null) {
                    throw new ChunkFormatException("field " + t.name + "." + t.fieldArray[i].name()
                            + " has undefined type " + t.fieldArray[i].typeId());
                }
                t.fieldTypes[i] = ft;
                t.fieldOps[i] = Values.fieldOp(t.fieldArray[i], ft);
            }
            t.integerFields = Values.integerFields(t);
        }
        Map<Long, String> names = new LinkedHashMap<>();
        for (JfrType t : eventTypes()) {
            names.put(t.id, t.name);
            if (JfrEventNames.ALL.contains(t.name)) {
                if (t.id >= 0 && t.id < SMALL_ID) {
                    layouts[(int) t.id] = new EventLayout(t);
                } else {
                    otherLayouts.put(t.id, new EventLayout(t));
                }
            }
        }
        this.eventTypeNames = Collections.unmodifiableMap(names);
    }

    /** The layouts of wanted event types by id, for ids below its length; {@link #layout} for any id. */
    EventLayout[] layouts() {
        return layouts;
    }

    /** The layout of a wanted event type, or null for a type the analysis does not read. */
    EventLayout layout(long typeId) {
        return typeId >= 0 && typeId < SMALL_ID ? layouts[(int) typeId] : otherLayouts.get(typeId);
    }

    /** The event types, id to name, as the JDK's parser lists them to {@code onMetadata}. */
    Map<Long, String> eventTypeNames() {
        return eventTypeNames;
    }

    JfrType type(long id) {
        return types.get(id);
    }

    JfrType type(String name) {
        return byName.get(name);
    }

    /** The event types, as the JDK's parser lists them to {@code onMetadata}. */
    List<JfrType> eventTypes() {
        List<JfrType> events = new ArrayList<>();
        for (JfrType t : types.values()) {
            if (t.isEvent()) {
                events.add(t);
            }
        }
        return events;
    }

    /** Reads the metadata record at the input's position (its size and type id already read past). */
    static ChunkMetadata read(ChunkInput in) throws ChunkFormatException {
        in.readLong(); // start time
        in.readLong(); // duration
        in.readLong(); // metadata id
        int count = in.readCount();
        String[] strings = new String[count];
        for (int i = 0; i < count; i++) {
            strings[i] = Strings.readInline(in);
        }
        Map<Long, JfrType> types = new HashMap<>();
        new TreeReader(in, strings, types).root();
        return new ChunkMetadata(types);
    }

    /** Walks the element tree, a few levels deep in every JDK's recordings. */
    private static final class TreeReader {
        private static final int MAX_DEPTH = 32;
        private final ChunkInput in;
        private final String[] strings;
        private final Map<Long, JfrType> types;

        TreeReader(ChunkInput in, String[] strings, Map<Long, JfrType> types) {
            this.in = in;
            this.strings = strings;
            this.types = types;
        }

        void root() throws ChunkFormatException {
            String name = string();
            skipAttributes();
            int children = in.readCount();
            for (int i = 0; i < children; i++) {
                if ("metadata".equals(peekName())) {
                    string();
                    skipAttributes();
                    int classes = in.readCount();
                    for (int c = 0; c < classes; c++) {
                        element(true, 1);
                    }
                } else {
                    element(false, 1);
                }
            }
            if (!"root".equals(name)) {
                throw new ChunkFormatException("metadata root is '" + name + "'");
            }
        }

        /** An element; a {@code class} element under {@code metadata} becomes a type. */
        private void element(boolean underMetadata, int depth) throws ChunkFormatException {
            if (depth > MAX_DEPTH) {
                throw new ChunkFormatException("metadata nested deeper than " + MAX_DEPTH);
            }
            String name = string();
            Map<String, String> attributes = attributes();
            int children = in.readCount();
            boolean isClass = underMetadata && "class".equals(name);
            List<JfrType.Field> fields = new ArrayList<>();
            for (int i = 0; i < children; i++) {
                if (isClass && "field".equals(peekName())) {
                    string();
                    Map<String, String> f = attributes();
                    fields.add(new JfrType.Field(f.get("name"), number(f.get("class")), "1".equals(f.get("dimension")),
                            "true".equals(f.get("constantPool"))));
                    int annotations = in.readCount();
                    for (int a = 0; a < annotations; a++) {
                        element(false, depth + 1);
                    }
                } else {
                    element(false, depth + 1);
                }
            }
            if (isClass) {
                long id = number(attributes.get("id"));
                types.put(id, new JfrType(id, attributes.get("name"), attributes.get("superType"), fields));
            }
        }

        private String peekName() throws ChunkFormatException {
            int at = in.position();
            String name = string();
            in.position(at);
            return name;
        }

        private String string() throws ChunkFormatException {
            int i = in.readInt();
            if (i < 0 || i >= strings.length) {
                throw new ChunkFormatException("metadata string index " + i + " out of range");
            }
            return strings[i];
        }

        private Map<String, String> attributes() throws ChunkFormatException {
            int n = in.readCount();
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i < n; i++) {
                a.put(string(), string());
            }
            return a;
        }

        private void skipAttributes() throws ChunkFormatException {
            int n = in.readCount();
            for (int i = 0; i < n; i++) {
                string();
                string();
            }
        }

        private static long number(String s) throws ChunkFormatException {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ChunkFormatException("metadata number '" + s + "'");
            }
        }
    }
}
