package io.maprace.probe.watch;

import com.sun.jdi.BooleanValue;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import io.maprace.events.WatchedMap;
import io.maprace.model.MapApi;
import io.maprace.model.MapFamily;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What kind of map an object is: which JDK map or set it is or extends, whether it is thread-safe, whether
 * reads write it (access-ordered {@code LinkedHashMap}, {@code WeakHashMap}). Reads fields only, never runs
 * target code; class facts are cached per class, {@code accessOrder} (final) per instance.
 */
final class MapInspector {

    /** The facts about one class. */
    record ClassFacts(String name, String jdkBase, boolean threadSafe, boolean custom) {
    }

    /** An instance's facts. {@code watchable} is false for thread-safe or unknown kinds of object. */
    record Info(String type, WatchedMap.MapTraits traits, boolean threadSafe, boolean watchable) {
    }

    private final Map<ReferenceType, ClassFacts> classes = new HashMap<>();
    private final Map<Long, Info> instances = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Info> eldest) {
            return size() > 50_000;
        }
    };

    /**
     * @param customAllowed whether a class that is not a JDK map (a custom {@code Map} implementation the user
     *                      named) is watched as a map
     */
    Info inspect(ObjectReference map, boolean ownerIsMap, boolean customAllowed) {
        Info known = instances.get(map.uniqueID());
        if (known != null) {
            return known;
        }
        ClassFacts facts = facts(map.referenceType());
        boolean setFromMap = facts.name().equals("java.util.Collections$SetFromMap");
        if (setFromMap) {
            // Collections.newSetFromMap: as safe as the map behind it (a ConcurrentHashMap, or a WeakHashMap...).
            Field m = map.referenceType().fieldByName("m");
            Value backing = m == null ? null : map.getValue(m);
            if (backing instanceof ObjectReference b) {
                ClassFacts inner = facts(b.referenceType());
                facts = new ClassFacts(facts.name(), inner.jdkBase(), inner.threadSafe(), false);
            }
        }
        boolean accessOrdered = false;
        if (!setFromMap && "java.util.LinkedHashMap".equals(facts.jdkBase())) {
            Field f = field(map.referenceType(), "java.util.LinkedHashMap", "accessOrder");
            Value v = f == null ? null : map.getValue(f);
            accessOrdered = v instanceof BooleanValue b && b.value();
        }
        boolean weak = "java.util.WeakHashMap".equals(facts.jdkBase());
        boolean set = setFromMap || facts.jdkBase() != null && MapFamily.ofClass(facts.jdkBase()).isSet();
        String base = facts.jdkBase() != null ? facts.jdkBase() : facts.name();
        boolean watchable = !facts.threadSafe() && (facts.jdkBase() != null || customAllowed);
        Info info = new Info(facts.name(), new WatchedMap.MapTraits(base, accessOrdered, weak, set, ownerIsMap,
                false),
                facts.threadSafe(), watchable);
        instances.put(map.uniqueID(), info);
        return info;
    }

    ClassFacts facts(ReferenceType type) {
        ClassFacts known = classes.get(type);
        if (known != null) {
            return known;
        }
        String jdkBase = null;
        boolean threadSafe = false;
        for (ReferenceType t = type; t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            String n = t.name();
            if (MapApi.isThreadSafeClass(n)) {
                threadSafe = true;
                break;
            }
            if (jdkBase == null && MapFamily.ofClass(n) != null) {
                jdkBase = n;
            }
        }
        ClassFacts facts = new ClassFacts(type.name(), threadSafe ? null : jdkBase, threadSafe,
                !threadSafe && jdkBase == null);
        classes.put(type, facts);
        return facts;
    }

    private static Field field(ReferenceType type, String declaring, String name) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            if (t.name().equals(declaring)) {
                return t.fieldByName(name);
            }
        }
        return null;
    }
}
