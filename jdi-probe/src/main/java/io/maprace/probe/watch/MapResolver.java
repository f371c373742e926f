package io.maprace.probe.watch;

import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.InterfaceType;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.model.MapApi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code --map} specs against the target: the class, the field, and for a path the map instance it
 * reaches now. Reads static and instance fields only (no heap walk).
 */
final class MapResolver {

    private final VirtualMachine vm;
    private final MapInspector inspector;
    private final List<String> notes = new ArrayList<>();

    MapResolver(VirtualMachine vm, MapInspector inspector) {
        this.vm = vm;
        this.inspector = inspector;
    }

    /** Things worth telling the user that do not stop the watch (a named map that is already thread-safe). */
    List<String> notes() {
        return notes;
    }

    List<WatchedField> resolve(List<MapSpec> specs) {
        Map<Field, WatchedField> byField = new LinkedHashMap<>();
        for (MapSpec spec : specs) {
            if (spec instanceof MapSpec.EveryInstance e) {
                Field f = findField(e.className(), e.field(), false, spec.text());
                WatchedField w = byField.computeIfAbsent(f, k -> new WatchedField(k, implementsMap(k)));
                w.watchEveryInstance(null);
                w.allowCustom(true);
                if (f.isStatic() && f.declaringType().getValue(f) instanceof ObjectReference map) {
                    MapInspector.Info info = check(map, w, spec.text());
                    w.mayWriteOnRead(info.traits().accessOrdered() || info.traits().weak());
                }
                w.mayWriteOnRead(mayWriteOnRead(f));
            } else if (spec instanceof MapSpec.Path p) {
                resolvePath(p.text(), byField);
            } else if (spec instanceof MapSpec.Found f) {
                resolveFound(f, byField);
            }
        }
        List<WatchedField> out = new ArrayList<>();
        for (WatchedField w : byField.values()) {
            if (w.everyInstance() || w.hasPaths()) {
                out.add(w);
            }
        }
        return out;
    }

    private void resolvePath(String path, Map<Field, WatchedField> byField) {
        String[] parts = path.split("\\.");
        Field root = null;
        int firstField = -1;
        for (int i = parts.length - 1; i >= 1 && root == null; i--) {
            for (String className : classNames(parts, i)) {
                for (ReferenceType t : vm.classesByName(className)) {
                    Field f = t.isPrepared() ? t.fieldByName(name(parts[i])) : null;
                    if (f != null && f.isStatic()) {
                        root = f;
                        firstField = i;
                        break;
                    }
                }
                if (root != null) {
                    break;
                }
            }
        }
        if (root == null) {
            throw new MapraceException(Problem.MAP_NOT_FOUND, "no loaded class in the target has the static"
                    + " field that starts '" + path + "' — check the path (maprace scan lists shared maps with"
                    + " their paths), or name a field of every instance with Owner#field");
        }
        Field field = root;
        ObjectReference holder = null;
        Value value = root.declaringType().getValue(root);
        StringBuilder walked = new StringBuilder(root.declaringType().name()).append('.').append(root.name());
        value = elements(value, parts[firstField], walked);
        for (int i = firstField + 1; i < parts.length; i++) {
            if (!(value instanceof ObjectReference o)) {
                throw new MapraceException(Problem.MAP_NOT_FOUND, walked + " is null in the target, so '" + path
                        + "' reaches no map yet — watch the field of every instance instead ("
                        + field.declaringType().name() + "#" + field.name() + ")");
            }
            Field next = ReceiverEvaluator.fieldIn(o.referenceType(), name(parts[i]));
            if (next == null) {
                throw new MapraceException(Problem.MAP_NOT_FOUND, walked + " is a " + o.referenceType().name()
                        + ", which has no field '" + name(parts[i]) + "'");
            }
            holder = o;
            field = next;
            value = next.isStatic() ? next.declaringType().getValue(next) : o.getValue(next);
            walked.append('.').append(name(parts[i]));
            value = elements(value, parts[i], walked);
        }
        if (!(value instanceof ObjectReference map)) {
            throw new MapraceException(Problem.MAP_NOT_FOUND, path + " is null in the target: the map is not"
                    + " created yet — watch " + field.declaringType().name() + "#" + field.name()
                    + " to catch it once it is");
        }
        WatchedField w = byField.computeIfAbsent(field, k -> new WatchedField(k, implementsMap(k)));
        MapInspector.Info info = check(map, w, path);
        if (info.threadSafe()) {
            return; // nothing to watch: its writes are safe by construction
        }
        if (holder != null && MapApi.isThreadSafeClass(holder.referenceType().name())) {
            notes.add(path + " is held by a " + holder.referenceType().name() + ", which synchronizes every"
                    + " access to it: its writes need no watching");
            return;
        }
        w.mayWriteOnRead(info.traits().accessOrdered() || info.traits().weak() || mayWriteOnRead(field));
        if (new MapSpec.Path(path).everyElement()) {
            // [*]: the element reached is one of many; every instance of the field is watched, under this path.
            w.watchEveryInstance(path);
            return;
        }
        w.addPath(map.uniqueID(), new WatchedField.PathTarget(path, map, field.isStatic() ? null : holder));
    }

    /** A map found by a scan: its field, and the instance itself (no path to walk again). */
    private void resolveFound(MapSpec.Found found, Map<Field, WatchedField> byField) {
        Field field = null;
        for (ReferenceType t : vm.classesByName(found.owner())) {
            field = ReceiverEvaluator.fieldIn(t, found.field());
            if (field != null) {
                break;
            }
        }
        if (field == null) {
            notes.add(found.path() + ": its field " + found.owner() + "." + found.field() + " is gone (class"
                    + " unloaded?): not watched");
            return;
        }
        WatchedField w = byField.computeIfAbsent(field, k -> new WatchedField(k, implementsMap(k)));
        MapInspector.Info info = inspector.inspect(found.map(), w.ownerIsMap, false);
        if (!info.watchable()) {
            return;
        }
        w.mayWriteOnRead(info.traits().accessOrdered() || info.traits().weak() || mayWriteOnRead(field));
        w.addPath(found.map().uniqueID(), new WatchedField.PathTarget(found.path(), found.map(), null));
    }

    /** Follows the {@code [*]} steps of a path segment: to one element, which tells the next field. */
    private static Value elements(Value value, String segment, StringBuilder walked) {
        for (String s = segment; s.endsWith("[*]"); s = s.substring(0, s.length() - 3)) {
            if (!(value instanceof ObjectReference o)) {
                return value;
            }
            value = Elements.first(o);
            walked.append("[*]");
            if (value == null) {
                throw new MapraceException(Problem.MAP_NOT_FOUND, walked + " has no element yet (or is a kind of"
                        + " collection maprace cannot read) — watch the map's field of every instance instead"
                        + " (Owner#field)");
            }
        }
        return value;
    }

    private static String name(String segment) {
        int star = segment.indexOf("[*]");
        return star < 0 ? segment : segment.substring(0, star);
    }

    /** Checks a map the user named. */
    private MapInspector.Info check(ObjectReference map, WatchedField w, String text) {
        if (!isMapOrSet(map.referenceType())) {
            throw new MapraceException(Problem.NOT_A_MAP, text + " is a " + map.referenceType().name()
                    + ", not a Map or Set — name the map field itself");
        }
        MapInspector.Info info = inspector.inspect(map, w.ownerIsMap, true);
        if (info.threadSafe()) {
            notes.add(text + " is a " + info.type() + ": thread-safe, its writes need no watching");
        }
        w.allowCustom(info.watchable());
        return info;
    }

    /**
     * Whether a field's declared type may hold a map whose reads write: a {@code LinkedHashMap} (access order)
     * or {@code WeakHashMap}, or a class extending one.
     */
    static boolean mayWriteOnRead(Field f) {
        try {
            for (com.sun.jdi.Type t = f.type(); t instanceof ClassType c; t = c.superclass()) {
                if (c.name().equals("java.util.LinkedHashMap") || c.name().equals("java.util.WeakHashMap")) {
                    return true;
                }
            }
        } catch (com.sun.jdi.ClassNotLoadedException e) {
            // Declared type not loaded yet: no instance of it exists, reads are found writing when one is seen.
        }
        return false;
    }

    private Field findField(String className, String name, boolean wantStatic, String text) {
        String[] parts = className.split("\\.");
        for (String candidate : classNames(parts, parts.length)) {
            for (ReferenceType t : vm.classesByName(candidate)) {
                if (!t.isPrepared()) {
                    continue;
                }
                Field f = ReceiverEvaluator.fieldIn(t, name);
                if (f != null && (!wantStatic || f.isStatic())) {
                    return f;
                }
                throw new MapraceException(Problem.MAP_NOT_FOUND, t.name() + " has no field '" + name + "' (in "
                        + text + ")");
            }
        }
        throw new MapraceException(Problem.MAP_NOT_FOUND, "class " + className + " is not loaded in the target"
                + " — check the name (nested classes: Outer$Inner) or wait until the application has used it");
    }

    /**
     * Class names the first {@code count} parts can mean: {@code a.b.Outer.Inner} may be the nested class
     * {@code a.b.Outer$Inner}.
     */
    private static List<String> classNames(String[] parts, int count) {
        List<String> names = new ArrayList<>();
        for (int nested = 0; nested < count; nested++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    sb.append(i >= count - nested ? '$' : '.');
                }
                sb.append(parts[i]);
            }
            names.add(sb.toString());
        }
        return names;
    }

    static boolean implementsMap(Field f) {
        return f.declaringType() instanceof ClassType c && c.allInterfaces().stream()
                .anyMatch(i -> i.name().equals("java.util.Map"));
    }

    static boolean isMapOrSet(ReferenceType type) {
        if (!(type instanceof ClassType c)) {
            return false;
        }
        for (InterfaceType i : c.allInterfaces()) {
            if (i.name().equals("java.util.Map") || i.name().equals("java.util.Set")) {
                return true;
            }
        }
        return false;
    }
}
