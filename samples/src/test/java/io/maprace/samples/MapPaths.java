package io.maprace.samples;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;

/** Follows a {@link Catalog.MapPath} through live objects by reflection, as the live scan would. */
final class MapPaths {

    private MapPaths() {
    }

    /** Every object the path reaches (several when it goes through {@code [*]}). */
    static List<Object> resolve(String path) throws ReflectiveOperationException {
        Catalog.MapPath parsed = Catalog.MapPath.parse(path);
        Class<?> type = Class.forName(parsed.className());
        Field root = type.getDeclaredField(parsed.staticField());
        root.setAccessible(true);
        List<Object> current = new ArrayList<>();
        current.add(root.get(null));
        for (String step : parsed.steps()) {
            List<Object> next = new ArrayList<>();
            for (Object object : current) {
                if (object == null) {
                    throw new AssertionError("null before step '" + step + "' of " + path);
                }
                if (step.equals(Catalog.MapPath.EACH)) {
                    next.addAll(elements(object));
                } else {
                    Field field = field(object.getClass(), step);
                    next.add(field.get(object));
                }
            }
            current = next;
        }
        return current;
    }

    /** The field {@code name} of {@code type} or a superclass, made accessible. */
    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    private static List<Object> elements(Object container) {
        for (int attempt = 0; ; attempt++) {
            try {
                if (container instanceof Map<?, ?> map) {
                    return new ArrayList<>(map.values());
                }
                if (container instanceof Collection<?> collection) {
                    return new ArrayList<>(collection);
                }
                if (container.getClass().isArray()) {
                    List<Object> list = new ArrayList<>();
                    for (int i = 0; i < Array.getLength(container); i++) {
                        list.add(Array.get(container, i));
                    }
                    return list;
                }
                throw new AssertionError("[*] on " + container.getClass().getName());
            } catch (ConcurrentModificationException | ArrayIndexOutOfBoundsException | NullPointerException e) {
                // The sample's threads are writing it under their own lock, which this read does not take: a copy
                // can meet a resize (the array sized before the map grew) or an entry being unlinked. Try again.
                if (attempt > 1000) {
                    throw e;
                }
            }
        }
    }
}
