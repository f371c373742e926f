package io.maprace.probe.watch;

import io.maprace.probe.target.ClassSkips;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The maps to watch when the user names none: fields of application and library classes whose type is a
 * non-thread-safe JDK map or set, or a map interface (the runtime class is checked at the first writes). Static
 * fields come first: their map is shared by construction.
 *
 * <p>A stand-in for scan's ranking of shared maps, which knows more (how many threads reach each map).
 */
final class FieldCandidates {

    private static final Set<String> MAP_TYPES = Set.of("java.util.Map", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.WeakHashMap", "java.util.TreeMap", "java.util.IdentityHashMap",
            "java.util.AbstractMap", "java.util.SortedMap", "java.util.NavigableMap", "java.util.Set",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.SortedSet",
            "java.util.NavigableSet");

    private FieldCandidates() {
    }

    /**
     * Whether an application class extends a non-thread-safe JDK map or set ({@code class Lru extends
     * LinkedHashMap}): one lookup per declared type.
     */
    private static boolean extendsJdkMap(VirtualMachine vm, MapInspector inspector, String typeName,
                                         ClassSkips skips) {
        if (StackReader.jdkClass(typeName) || typeName.endsWith("[]") || !typeName.contains(".")) {
            return false;
        }
        for (ReferenceType t : vm.classesByName(typeName)) {
            if (t instanceof ClassType && t.isPrepared()) {
                MapInspector.ClassFacts facts = skips.read(() -> inspector.facts(t));
                return facts != null && facts.jdkBase() != null && !facts.threadSafe();
            }
        }
        return false;
    }

    private static boolean applicationClass(ReferenceType type) {
        return type instanceof ClassType && type.isPrepared() && type.classLoader() != null
                && !StackReader.jdkClass(type.name()) && !type.name().contains("$$Lambda");
    }

    static List<WatchedField> find(VirtualMachine vm, MapInspector inspector, int limit, ClassSkips skips) {
        List<WatchedField> statics = new ArrayList<>();
        List<WatchedField> instances = new ArrayList<>();
        java.util.Map<String, Boolean> mapTypes = new java.util.HashMap<>();
        for (ReferenceType type : vm.allClasses()) {
            // A class unloaded since the listing, or not prepared yet, is counted and left out.
            List<Field> fields = skips.read(() -> applicationClass(type) ? type.fields() : List.<Field>of());
            for (Field f : fields == null ? List.<Field>of() : fields) {
                if (f.isSynthetic() || !(MAP_TYPES.contains(f.typeName())
                        || mapTypes.computeIfAbsent(f.typeName(), n -> extendsJdkMap(vm, inspector, n, skips)))) {
                    continue;
                }
                WatchedField w = new WatchedField(f, MapResolver.implementsMap(f));
                w.watchEveryInstance(null);
                w.mayWriteOnRead(MapResolver.mayWriteOnRead(f));
                if (f.isStatic()) {
                    Value v = skips.read(() -> type.getValue(f));
                    if (!(v instanceof ObjectReference map)) {
                        continue;
                    }
                    MapInspector.Info info = skips.read(() -> inspector.inspect(map, w.ownerIsMap, false));
                    if (info == null || !info.watchable()) {
                        continue;
                    }
                    w.mayWriteOnRead(info.traits().accessOrdered() || info.traits().weak());
                    statics.add(w);
                } else {
                    instances.add(w);
                }
            }
        }
        Comparator<WatchedField> byName = Comparator.comparing(WatchedField::label);
        statics.sort(byName);
        instances.sort(byName);
        List<WatchedField> all = new ArrayList<>(statics);
        all.addAll(instances);
        return all.size() > limit ? all.subList(0, limit) : all;
    }
}
