package io.maprace.probe.fix;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ClassNotLoadedException;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.events.ScannedMap;
import io.maprace.findings.Evidence;
import io.maprace.findings.Numbers;
import io.maprace.heap.Defect;
import io.maprace.heap.ScanOptions;
import io.maprace.model.MapFamily;
import io.maprace.probe.scan.MapAudit;
import io.maprace.probe.watch.MapSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what {@code fix} will do, reading the target only: the map the path reaches, every reference to it
 * that is cheap to find (the path's own field, the static fields of the loaded application classes, and, only
 * when the user accepts a stop-the-world heap walk, {@code referringObjects}), the declared type of each, the
 * map's health (its fields walked, never its methods), and the replacement.
 */
final class Planner {

    /** Entries walked at most to check the map's health before the swap (a JDWP round trip each, ~0.1-0.5 ms); larger maps are taken as they are, their size field checked. */
    static final int HEALTH_WALK_LIMIT = 10_000;

    /** Declared types a synchronized wrapper can be stored in. */
    private static final Set<String> MAP_TYPES = Set.of("java.util.Map", "java.lang.Object");
    private static final Set<String> SET_TYPES = Set.of("java.util.Set", "java.util.Collection", "java.lang.Iterable",
            "java.lang.Object");

    /** JDK classes whose every access is already safe (or that cannot be written at all). */
    private static final List<String> SAFE_PREFIXES = List.of("java.util.concurrent.", "java.util.Collections$Synchronized",
            "java.util.Collections$Unmodifiable", "java.util.ImmutableCollections$", "java.util.Hashtable",
            "java.util.Properties", "java.util.Collections$Checked");

    private final VirtualMachine vm;
    private final boolean heapRefs;

    Planner(VirtualMachine vm, boolean heapRefs) {
        this.vm = vm;
        this.heapRefs = heapRefs;
    }

    FixTarget plan(String pathText) {
        MapSpec spec = MapSpec.parse(pathText);
        if (!(spec instanceof MapSpec.Path p) || p.everyElement()) {
            throw new MapraceException(Problem.USAGE, "--map '" + pathText + "' names many maps; fix replaces one"
                    + " — give the path of one map from a static field (com.foo.Factory.DEFAULT.cache)");
        }
        return plan(PathWalk.resolve(vm, p.text()), p.text());
    }

    /** The plan for the map {@code walk} reached, named {@code label} in the plan and the record. */
    FixTarget plan(PathWalk walk, String label) {
        ObjectReference map = walk.value();
        ReferenceType type = map.referenceType();
        boolean set = Fields.isA(type, "java.util.Set");
        if (!set && !Fields.isA(type, "java.util.Map")) {
            throw new MapraceException(Problem.NOT_A_MAP, label + " is a " + type.name()
                    + ", not a Map or Set — name the map field itself");
        }
        if (fixedByMaprace(map)) {
            throw new MapraceException(Problem.FIX_ALREADY_FIXED, label + " was already replaced by maprace (a "
                    + (SyncSubclass.isOne(type) ? type.name() : "set around " + innerMap(map).referenceType().name())
                    + ") — 'maprace fix --list' shows the record to undo first, or leave it");
        }
        for (String safe : SAFE_PREFIXES) {
            if (type.name().startsWith(safe)) {
                throw new MapraceException(Problem.FIX_ALREADY_SAFE, label + " is a " + type.name()
                        + ", already thread-safe — nothing to do");
            }
        }
        String family = family(type);
        FixPlan.Health walked = health(map, family, set, HEALTH_WALK_LIMIT);
        Audit audit = audited(map, set, walked, AUDIT_TIME, AUDIT_ENTRIES);
        FixPlan.Health health = audit.health();
        // Damage the integrity checks found in the map's structure stays until it is rebuilt. A count that differs
        // from the entries, read while the target writes the map (even under its own lock), may be writes in
        // flight: the swap checks it again with the users held, and refuses then a map it cannot rebuild.
        boolean confirmed = audit.defects().stream().anyMatch(d -> !d.check().equals(Defect.SIZE_MISMATCH));
        FixPlan.Health refusable = confirmed ? health : walked;

        List<FixTarget.Ref> refs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        refs.add(walk.ref());
        staticRefs(map, walk.field(), refs);
        if (heapRefs) {
            heapRefs(map, refs, notes);
        } else {
            notes.add("references were searched in the path's field and the static fields of loaded classes only;"
                    + " a reference held elsewhere (another object's field, an array, a collection) keeps the"
                    + " unsynchronized map — --heap-refs finds them all, at the price of a stop-the-world heap walk"
                    + " (about 0.3 s per 100 MB of heap, seconds on a large heap)");
        }
        Set<String> accepted = set ? SET_TYPES : MAP_TYPES;
        boolean interfaceTyped = refs.stream().allMatch(r -> accepted.contains(r.holder().declaredType()));
        List<Field> barrierFields = refs.stream().map(FixTarget.Ref::field).filter(f -> f != null).distinct().toList();
        ObjectReference replaced = map;
        ObjectReference container = null;
        FixPlan.Replacement replacement;
        long pause;
        if (set && jdkHashSet(type)) {
            // The set stays (so does every reference to it, found or not): its inner map becomes a synchronized one.
            Field inner = Fields.find(type, "map");
            container = map;
            replaced = (ObjectReference) map.getValue(inner);
            ClassType innerType = (ClassType) replaced.referenceType();
            refs = new ArrayList<>(List.of(FixTarget.Ref.instanceField(holder(inner, "the set's own field"), inner, map)));
            replacement = Replacements.subclass(innerType, health, true);
            pause = Replacements.SUBCLASS_PAUSE;
        } else if (interfaceTyped) {
            if (refusable.damaged() && !rebuildable(type)) {
                throw new MapraceException(Problem.FIX_NO_SAFE_TYPE, label + " is corrupted ("
                        + refusable.detail()
                        + ") and maprace cannot rebuild a " + type.name() + " — restart the application");
            }
            replacement = Replacements.wrap(type, family, health, set, refs.size());
            pause = Replacements.WRAP_PAUSE;
        } else {
            FixPlan.Holder concrete = refs.stream().map(FixTarget.Ref::holder)
                    .filter(h -> !accepted.contains(h.declaredType())).findFirst().orElseThrow();
            Replacements.checkSubclassable((ClassType) type, family, concrete, label);
            Replacements.checkRebuildable((ClassType) type, family, refusable, label);
            replacement = Replacements.subclass((ClassType) type, health, false);
            pause = Replacements.SUBCLASS_PAUSE;
        }
        List<String> cannotFix = new ArrayList<>(List.of(
                "a thread that holds the map in a local variable of a running call keeps using it unguarded until"
                        + " that call returns (maprace checks the threads' frames at the swap and waits for them)",
                "a check-then-act sequence (get, then put on a miss) stays racy: each call is guarded, the pair is"
                        + " not; the code needs computeIfAbsent",
                "iterating the map must hold its lock (synchronized (map) { for ... }); code that iterates without it"
                        + " can still throw ConcurrentModificationException"));
        if (set) {
            cannotFix.add("a set that one call adds to and removes from again is per-call state: the lock stops the"
                    + " corruption, not one thread seeing another's elements; the code needs the state confined to"
                    + " the call");
        }
        if (!health.checked()) {
            notes.add("health not checked: " + health.detail());
        }
        // A damaged map is rebuilt while its users are held; one the plan could not read whole may turn out damaged
        // when checked then.
        long size = Math.max(health.entries(), health.sizeField());
        if (EntryWalk.walkable(family(replaced.referenceType())) && size > 0) {
            long rebuild = Replacements.rebuildMillis(size);
            if (health.damaged()) {
                pause += rebuild;
            } else if (!health.checked()) {
                notes.add("if the check with its users held finds it damaged, rebuilding it inside the target holds"
                        + " them about " + rebuild + " ms more (" + Numbers.grouped(size) + " entries)");
            }
        }
        FixPlan plan = new FixPlan(new FixPlan.MapInfo(label, type.name(), family, health),
                refs.stream().map(FixTarget.Ref::holder).toList(), replacement, pause, cannotFix, notes);
        return new FixTarget(plan, replaced, container, refs, barrierFields, confirmed);
    }

    /** The references to the wrapper a fix put at {@code path}, for {@code --undo}. */
    FixTarget planUndo(String path, FixPlan original) {
        PathWalk walk = ElementWalk.isElement(path) ? replacedElement(path) : PathWalk.resolve(vm, path);
        ObjectReference found = walk.value();
        if (jdkHashSet(found.referenceType())) {
            // The fix replaced the set's inner map; the set and the references to it never changed.
            Field inner = Fields.find(found.referenceType(), "map");
            ObjectReference map = (ObjectReference) found.getValue(inner);
            if (map != null && SyncSubclass.isOne(map.referenceType())) {
                return new FixTarget(original, map, found, List.of(FixTarget.Ref.instanceField(
                        holder(inner, "the set's own field"), inner, found)), List.of(walk.field()), false);
            }
        }
        if (!found.referenceType().name().startsWith("java.util.Collections$Synchronized")
                && !SyncSubclass.isOne(found.referenceType())) {
            throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, path + " holds a " + found.referenceType().name()
                    + ", not what the fix put there (restarted, or replaced since) — nothing to undo");
        }
        List<FixTarget.Ref> refs = new ArrayList<>();
        refs.add(walk.ref());
        staticRefs(found, walk.field(), refs);
        return new FixTarget(original, found, null, refs, List.of(walk.field()), false);
    }

    /**
     * The map named {@code X.entries[#i].cache} by a fix of {@code X.entries[*].cache}: the i-th object's if it holds
     * what maprace put there, else the one object of them all that does (the order changes as the collection is
     * written). The swap checks the identity hash the record names before it changes anything.
     */
    private PathWalk replacedElement(String path) {
        ElementWalk all = ElementWalk.resolve(vm, ElementWalk.patternOf(path));
        List<PathWalk> replaced = new ArrayList<>();
        for (ElementWalk.Found f : all.found()) {
            if (isReplacement(f.walk().value())) {
                if (f.label().equals(path)) {
                    return f.walk();
                }
                replaced.add(f.walk());
            }
        }
        if (replaced.size() != 1) {
            throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, path + ": " + replaced.size() + " of the maps "
                    + all.pattern() + " reaches hold what maprace put there and the one named cannot be told among"
                    + " them — undo them by record id ('maprace fix --list')");
        }
        return replaced.get(0);
    }

    /** Whether {@code o} is what a fix put in place: a synchronized wrapper, maprace's subclass, or a set around it. */
    private static boolean isReplacement(ObjectReference o) {
        return o.referenceType().name().startsWith("java.util.Collections$Synchronized") || fixedByMaprace(o);
    }

    /** Whether {@code o} is maprace's synchronized subclass, or a JDK hash set whose inner map is one. */
    private static boolean fixedByMaprace(ObjectReference o) {
        ReferenceType t = o.referenceType();
        if (SyncSubclass.isOne(t)) {
            return true;
        }
        ObjectReference inner = jdkHashSet(t) ? innerMap(o) : null;
        return inner != null && SyncSubclass.isOne(inner.referenceType());
    }

    /**
     * Whether maprace can rebuild a damaged map of this class: a JDK map whose internals it walks, or an
     * application subclass of one (rebuilt as a new instance of that subclass: {@link #rebuiltAs}); a JDK set.
     */
    static boolean rebuildable(ReferenceType type) {
        String family = family(type);
        if (family != null && family.endsWith("HashSet")) {
            return type.name().startsWith("java.util.");
        }
        return EntryWalk.walkable(family);
    }

    /**
     * The class a damaged map is rebuilt as when it is wrapped: an application subclass as itself (its own fields
     * and removeEldestEntry kept), null for a JDK class (a new map of that class).
     */
    static ClassType rebuiltAs(ReferenceType type) {
        return Fields.jdk(type.name()) || !(type instanceof ClassType c) ? null : c;
    }

    private static boolean jdkHashSet(ReferenceType type) {
        return type.name().equals("java.util.HashSet") || type.name().equals("java.util.LinkedHashSet");
    }

    /** The JDK map or set class {@code type} is or extends, or null. */
    static String family(ReferenceType type) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            for (MapFamily f : MapFamily.values()) {
                if (f.className().equals(t.name())) {
                    return f.className();
                }
            }
        }
        return null;
    }

    /** The integrity checks' time before the swap (read-only: no thread is held while they run). */
    static final Duration AUDIT_TIME = Duration.ofSeconds(5);

    /** Entries the integrity checks read at most of a map before the swap: the scan's own bound. */
    static final int AUDIT_ENTRIES = ScanOptions.defaults().maxEntriesPerMap();

    /**
     * What the integrity checks found: {@code health} is {@code walked} with their {@code defects} added, and
     * {@code complete} whether they read the whole map in their time and bound (a large one takes longer).
     */
    record Audit(FixPlan.Health health, List<Evidence.Corruption> defects, boolean complete) {
    }

    /**
     * {@code walked} with what the integrity checks {@code scan} runs find besides (a set through its inner map),
     * reading at most {@code maxEntries} of it: the entry walk sees cycles, lost entries and a cut order list, not a
     * tree bin's broken red-black shape. Damage they confirm is structural: it stays until the map is rebuilt.
     */
    static Audit audited(ObjectReference map, boolean set, FixPlan.Health walked, Duration time, int maxEntries) {
        ObjectReference inner = set ? innerMap(map) : null;
        ObjectReference checked = inner != null ? inner : map;
        List<Evidence.Corruption> defects = new ArrayList<>();
        MapAudit.Audit audit = MapAudit.audit(map.virtualMachine(), List.of(new MapAudit.Audited(checked,
                map.referenceType().name(), "", "the map to fix")), time, maxEntries);
        for (ScannedMap m : audit.damaged()) {
            defects.addAll(m.defects());
        }
        return new Audit(withDefects(walked, defects), defects, audit.complete());
    }

    private static FixPlan.Health withDefects(FixPlan.Health walked, List<Evidence.Corruption> defects) {
        if (defects.isEmpty()) {
            return walked;
        }
        String found = String.join(", ", defects.stream().map(Evidence.Corruption::detail).toList());
        String detail = walked.damaged() ? walked.detail() + ", " + found : found;
        return new FixPlan.Health(walked.checked(), true, walked.sizeField(), walked.entries(), detail);
    }

    /** The map a JDK hash set keeps its elements in (its {@code map} field), or null. */
    private static ObjectReference innerMap(ObjectReference set) {
        Field inner = Fields.find(set.referenceType(), "map");
        return inner != null && set.getValue(inner) instanceof ObjectReference m ? m : null;
    }

    /**
     * The map's health from its fields; a set is checked through its inner map. Read while the target runs, a
     * count can be off by the writes made during the walk: the swap checks again while its users are held.
     */
    static FixPlan.Health health(ObjectReference map, String family, boolean set, int limit) {
        ObjectReference walked = map;
        String walkedFamily = family;
        if (set && family != null && family.startsWith("java.util.") && family.endsWith("HashSet")) {
            ObjectReference inner = innerMap(map);
            if (inner != null) {
                walked = inner;
                walkedFamily = family(inner.referenceType());
            }
        }
        if (!EntryWalk.walkable(walkedFamily)) {
            return new FixPlan.Health(false, false, -1, -1, "entries not walked (maprace walks those of HashMap,"
                    + " LinkedHashMap, WeakHashMap and HashSet); scan's integrity checks "
                    + (StateMove.movable(walkedFamily) ? "of a " + Replacements.simple(walkedFamily) + " ran on it"
                    : "know nothing of a " + map.referenceType().name() + ": it is taken as it is"));
        }
        EntryWalk.Result r = null;
        for (int attempt = 0; r == null; attempt++) {
            try {
                r = EntryWalk.walk(walked, walkedFamily, limit);
            } catch (com.sun.jdi.ObjectCollectedException e) {
                if (attempt == 2) {
                    int size = EntryWalk.walk(walked, walkedFamily, 0).sizeField();
                    return new FixPlan.Health(false, size < 0, size, -1, "entries were removed while maprace read them;"
                            + " checked again while the threads that use the map are held");
                }
            }
        }
        if (!r.complete()) {
            boolean negative = r.sizeField() < 0;
            return new FixPlan.Health(false, negative, r.sizeField(), r.entries().size(), "more than "
                    + limit + " entries: only the size field was checked"
                    + (negative ? " (negative: " + r.sizeField() + ")" : ""));
        }
        return new FixPlan.Health(true, r.damaged(), r.sizeField(), r.entries().size(), r.detail());
    }

    /** Static fields of loaded classes (not the JDK's) that hold the map, other than the path's own field. */
    private void staticRefs(ObjectReference map, Field pathField, List<FixTarget.Ref> refs) {
        for (ReferenceType t : vm.allClasses()) {
            if (!t.isPrepared() || Fields.jdk(t.name()) || !(t instanceof ClassType)) {
                continue;
            }
            try {
                staticRefs(t, map, pathField, refs);
            } catch (com.sun.jdi.ObjectCollectedException e) {
                // a class unloaded since the listing (a hidden class, under GC pressure) holds nothing
            }
        }
    }

    private void staticRefs(ReferenceType t, ObjectReference map, Field pathField, List<FixTarget.Ref> refs) {
        List<Field> statics = new ArrayList<>();
        for (Field f : t.fields()) {
            if (f.isStatic() && !f.equals(pathField) && reference(f.signature())) {
                statics.add(f);
            }
        }
        if (statics.isEmpty()) {
            return;
        }
        for (Map.Entry<Field, Value> e : t.getValues(statics).entrySet()) {
            if (e.getValue() instanceof ObjectReference o && o.equals(map)) {
                Field f = e.getKey();
                refs.add(FixTarget.Ref.staticField(holder(f, "static field"), f));
            }
        }
    }

    /** Every other object field and array slot that holds the map: a stop-the-world heap walk. */
    private void heapRefs(ObjectReference map, List<FixTarget.Ref> refs, List<String> notes) {
        long start = System.nanoTime();
        Set<String> known = new HashSet<>();
        for (FixTarget.Ref r : refs) {
            known.add(r.object() == null ? r.holder().label() : r.holder().label() + "@" + r.object().uniqueID());
        }
        for (ObjectReference o : map.referringObjects(0)) {
            String name = o.referenceType().name();
            if (name.equals("java.lang.Class") || name.startsWith("java.util.") && name.contains("$")
                    && !name.startsWith("java.util.Collections$")) {
                continue; // statics are scanned above; the map's own views (keySet, entry nodes) are not holders
            }
            if (o instanceof ArrayReference a) {
                List<Value> values = EntryWalk.slices(a);
                for (int i = 0; i < values.size(); i++) {
                    if (map.equals(values.get(i))) {
                        refs.add(FixTarget.Ref.arraySlot(new FixPlan.Holder(name, "[" + i + "]", false, false,
                                a.referenceType().name().replace("[]", ""), "heap"), a, i));
                    }
                }
                continue;
            }
            for (Field f : o.referenceType().allFields()) {
                if (!f.isStatic() && reference(f.signature()) && map.equals(o.getValue(f))
                        && known.add(f.declaringType().name() + "." + f.name() + "@" + o.uniqueID())) {
                    refs.add(FixTarget.Ref.instanceField(holder(f, "heap"), f, o));
                }
            }
        }
        notes.add(String.format("the heap walk for references stopped the target for %.0f ms",
                (System.nanoTime() - start) / 1e6));
    }

    static FixPlan.Holder holder(Field f, String foundBy) {
        return new FixPlan.Holder(f.declaringType().name(), f.name(), f.isStatic(), f.isFinal(), declared(f), foundBy);
    }

    static String declared(Field f) {
        try {
            return f.type().name();
        } catch (ClassNotLoadedException e) {
            return f.typeName();
        }
    }

    private static boolean reference(String signature) {
        return signature.startsWith("L") || signature.startsWith("[");
    }
}
