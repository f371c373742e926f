package io.maprace.probe.fix;

import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.util.List;

/**
 * Follows a path such as {@code com.foo.Factory.DEFAULT.cache} to one object: the longest prefix that names a
 * loaded class ({@code Outer.Inner} also matches {@code Outer$Inner}), its static field, then instance fields.
 * The last field is the reference {@code fix} rewrites.
 *
 * @param value the object the path reaches
 * @param field the last field of the path
 * @param holder the object whose field that is, null for a static field
 */
record PathWalk(ObjectReference value, Field field, ObjectReference holder) {

    static PathWalk resolve(VirtualMachine vm, String path) {
        String[] parts = path.split("\\.");
        for (int classEnd = parts.length - 1; classEnd >= 1; classEnd--) {
            String dotted = String.join(".", List.of(parts).subList(0, classEnd));
            for (ReferenceType t : vm.allClasses()) {
                if (t.isPrepared() && t.name().replace('$', '.').equals(dotted)) {
                    Field root = t.fieldByName(parts[classEnd]);
                    if (root != null && root.isStatic()) {
                        return follow(path, parts, classEnd, t, root);
                    }
                }
            }
        }
        throw new MapraceException(Problem.MAP_NOT_FOUND, "no loaded class in the target has the static field that"
                + " starts '" + path + "' — check the path (maprace scan lists shared maps with their paths)");
    }

    private static PathWalk follow(String path, String[] parts, int rootIndex, ReferenceType owner, Field root) {
        Field field = root;
        ObjectReference holder = null;
        Value value = owner.getValue(root);
        StringBuilder walked = new StringBuilder(owner.name()).append('.').append(root.name());
        for (int i = rootIndex + 1; i < parts.length; i++) {
            if (!(value instanceof ObjectReference o)) {
                throw new MapraceException(Problem.MAP_NOT_FOUND, walked + " is null in the target, so '" + path
                        + "' reaches no map");
            }
            Field next = Fields.find(o.referenceType(), parts[i]);
            if (next == null) {
                throw new MapraceException(Problem.MAP_NOT_FOUND, walked + " is a " + o.referenceType().name()
                        + ", which has no field '" + parts[i] + "'");
            }
            holder = next.isStatic() ? null : o;
            field = next;
            value = next.isStatic() ? next.declaringType().getValue(next) : o.getValue(next);
            walked.append('.').append(parts[i]);
        }
        if (!(value instanceof ObjectReference map)) {
            throw new MapraceException(Problem.MAP_NOT_FOUND, path + " is null in the target: the map is not created"
                    + " yet — nothing to fix");
        }
        return new PathWalk(map, field, holder);
    }

    /**
     * Follows instance (or static) fields by name from {@code start} to a map; null when a step names no field of
     * the object met or meets null: for the elements of a {@code [*]} path, some of which need not lead anywhere.
     */
    static PathWalk along(ObjectReference start, List<String> fields) {
        ObjectReference holder = null;
        Field field = null;
        Value value = start;
        for (String name : fields) {
            if (!(value instanceof ObjectReference o)) {
                return null;
            }
            Field next = Fields.find(o.referenceType(), name);
            if (next == null) {
                return null;
            }
            holder = next.isStatic() ? null : o;
            field = next;
            value = next.isStatic() ? next.declaringType().getValue(next) : o.getValue(next);
        }
        return field != null && value instanceof ObjectReference map ? new PathWalk(map, field, holder) : null;
    }

    /** The path's own reference to the object. */
    FixTarget.Ref ref() {
        FixPlan.Holder h = Planner.holder(field, "path");
        return holder == null ? FixTarget.Ref.staticField(h, field) : FixTarget.Ref.instanceField(h, field, holder);
    }
}
