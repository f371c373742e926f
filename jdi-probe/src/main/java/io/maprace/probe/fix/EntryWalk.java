package io.maprace.probe.fix;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.Field;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entries of a {@code HashMap}, {@code LinkedHashMap} or {@code WeakHashMap}, read from its fields, never
 * through its methods: a corrupted map can make {@code size()} lie and an iterator spin. Every walk is bounded by
 * the nodes already seen (a cycle ends it) and by a limit; a node reached twice is kept once. A LinkedHashMap's
 * entries come in its before/after order, then those its list lost, in table order.
 */
final class EntryWalk {

    /** One entry; the key and value stay in the target (they are never printed). */
    record Entry(ObjectReference node, Value key, Value value) {
    }

    /** The walk: its entries and what was wrong on the way. */
    record Result(List<Entry> entries, int sizeField, int duplicates, int cycles, int wrongBin, int stale,
                  boolean listCut, boolean complete) {

        boolean damaged() {
            return sizeField < 0 || duplicates > 0 || cycles > 0 || wrongBin > 0 || listCut
                    || (complete && stale == 0 && sizeField != entries.size());
        }

        String detail() {
            List<String> d = new ArrayList<>();
            if (sizeField < 0) {
                d.add("negative size " + sizeField);
            } else if (complete && stale == 0 && sizeField != entries.size()) {
                d.add("size " + sizeField + " but " + entries.size() + " entries reachable");
            }
            if (cycles > 0) {
                d.add(cycles + " bin(s) with a cycle");
            }
            if (duplicates > 0) {
                d.add(duplicates + " entries reached twice");
            }
            if (wrongBin > 0) {
                d.add(wrongBin + " entries in the wrong bin");
            }
            if (listCut) {
                d.add("its linked order list does not reach every entry");
            }
            return String.join(", ", d);
        }
    }

    /** Slots read per JDWP request. */
    private static final int SLICE = 4096;

    private EntryWalk() {
    }

    /** Whether maprace can walk maps of this JDK class. */
    static boolean walkable(String family) {
        return family != null && (family.equals("java.util.HashMap") || family.equals("java.util.LinkedHashMap")
                || family.equals("java.util.WeakHashMap"));
    }

    /**
     * Walks {@code map} (of {@code family}); gives up, incomplete, after {@code limit} nodes.
     */
    static Result walk(ObjectReference map, String family, int limit) {
        ReferenceType type = map.referenceType();
        boolean weak = family.equals("java.util.WeakHashMap");
        Field table = field(type, "table");
        Field size = field(type, "size");
        Map<Field, Value> header = map.getValues(List.of(table, size));
        int sizeField = ((IntegerValue) header.get(size)).value();
        if (limit <= 0) {
            return new Result(List.of(), sizeField, 0, 0, 0, 0, false, false); // the size field alone
        }
        List<Entry> entries = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        Map<Long, Entry> byNode = new LinkedHashMap<>();
        int duplicates = 0;
        int cycles = 0;
        int wrongBin = 0;
        int stale = 0;
        boolean complete = true;
        if (header.get(table) instanceof ArrayReference slots && slots.length() > 0) {
            List<Value> heads = slices(slots);
            int mask = slots.length() - 1;
            NodeFields nf = null;
            walk:
            for (int i = 0; i < heads.size(); i++) {
                Set<Long> inBin = new HashSet<>();
                for (Value v = heads.get(i); v instanceof ObjectReference node; ) {
                    if (!inBin.add(node.uniqueID())) {
                        cycles++;
                        break;
                    }
                    if (!seen.add(node.uniqueID())) {
                        duplicates++; // in two bins: keep its first place
                        break;
                    }
                    if (byNode.size() >= limit) {
                        complete = false;
                        break walk;
                    }
                    if (nf == null || !nf.owner.equals(node.referenceType())) {
                        nf = new NodeFields(node.referenceType(), weak);
                    }
                    Map<Field, Value> f = node.getValues(nf.fields);
                    int hash = ((IntegerValue) f.get(nf.hash)).value();
                    if ((hash & mask) != i) {
                        wrongBin++;
                    }
                    Value key = f.get(nf.key);
                    if (weak && key == null) {
                        stale++; // its key was collected: WeakHashMap drops it at the next expunge anyway
                    } else {
                        byNode.put(node.uniqueID(), new Entry(node, key, f.get(nf.value)));
                    }
                    v = f.get(nf.next);
                }
            }
        }
        boolean listCut = false;
        if (family.equals("java.util.LinkedHashMap") && complete) {
            Field head = field(type, "head");
            Field tail = field(type, "tail");
            Map<Field, Value> ends = map.getValues(List.of(head, tail));
            Field after = null;
            Field before = null;
            Set<Long> inList = new HashSet<>();
            Value previous = null;
            for (Value v = ends.get(head); v instanceof ObjectReference node && inList.size() <= byNode.size(); ) {
                if (!inList.add(node.uniqueID())) {
                    listCut = true; // a cycle in the list
                    break;
                }
                Entry e = byNode.get(node.uniqueID());
                if (e != null) {
                    entries.add(e);
                }
                if (after == null) {
                    after = field(node.referenceType(), "after");
                    before = field(node.referenceType(), "before");
                }
                Map<Field, Value> links = node.getValues(List.of(after, before));
                // A broken back link or tail is damage too: the next removal through it cuts the list.
                listCut |= !java.util.Objects.equals(links.get(before), previous);
                previous = node;
                v = links.get(after);
            }
            listCut |= !java.util.Objects.equals(ends.get(tail), previous);
            listCut |= inList.size() != byNode.size() || entries.size() != byNode.size();
            Set<Long> listed = new HashSet<>(inList);
            for (Map.Entry<Long, Entry> e : byNode.entrySet()) {
                if (!listed.contains(e.getKey())) {
                    entries.add(e.getValue());
                }
            }
        } else {
            entries.addAll(byNode.values());
        }
        List<Entry> distinct = dedupeKeys(entries);
        duplicates += entries.size() - distinct.size();
        return new Result(distinct, sizeField, duplicates, cycles, wrongBin, stale, listCut, complete);
    }

    /**
     * An array's values, read in slices: the JDWP agent reserves a JNI local reference per value of one request,
     * and a table of a few hundred thousand slots read at once makes it fail fatally (the target JVM exits:
     * "PushLocalFrame: Unable to push JNI frame").
     */
    static List<Value> slices(ArrayReference array) {
        int n = array.length();
        List<Value> out = new ArrayList<>(n);
        for (int from = 0; from < n; from += SLICE) {
            out.addAll(array.getValues(from, Math.min(SLICE, n - from)));
        }
        return out;
    }

    /** The same key object in two nodes (a race can leave both): keep the first. */
    private static List<Entry> dedupeKeys(List<Entry> entries) {
        Set<Long> keys = new HashSet<>();
        boolean nullKey = false;
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            boolean first = e.key() instanceof ObjectReference o ? keys.add(o.uniqueID()) : !nullKey;
            nullKey |= e.key() == null;
            if (first) {
                out.add(e);
            }
        }
        return out;
    }

    private static Field field(ReferenceType t, String name) {
        Field f = Fields.find(t, name);
        if (f == null) {
            throw new IllegalStateException(t.name() + " has no field " + name);
        }
        return f;
    }

    /** The fields of one node class ({@code HashMap$Node}, {@code $TreeNode}, {@code WeakHashMap$Entry}). */
    private static final class NodeFields {
        final ReferenceType owner;
        final Field hash;
        final Field key;
        final Field value;
        final Field next;
        final List<Field> fields;

        NodeFields(ReferenceType owner, boolean weak) {
            this.owner = owner;
            this.hash = field(owner, "hash");
            this.key = field(owner, weak ? "referent" : "key");
            this.value = field(owner, "value");
            this.next = field(owner, "next");
            this.fields = List.of(hash, key, value, next);
        }
    }
}
