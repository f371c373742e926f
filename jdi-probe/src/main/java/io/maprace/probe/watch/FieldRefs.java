package io.maprace.probe.watch;

import io.maprace.probe.target.ClassSkips;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;

import io.maprace.probe.watch.sites.ConstantPool;
import io.maprace.probe.watch.sites.FieldRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which watched field a bytecode field reference ({@code getfield Owner.name}) resolves to: the owner named in
 * the bytecode may be a subclass of the declaring class. Answers are cached once the owner is loaded.
 */
final class FieldRefs {

    private final VirtualMachine vm;
    private final ClassSkips skips;
    private final Map<String, List<WatchedField>> byName = new HashMap<>();
    private final Map<FieldRef, Optional<WatchedField>> resolved = new HashMap<>();

    FieldRefs(VirtualMachine vm, List<WatchedField> fields, ClassSkips skips) {
        this.vm = vm;
        this.skips = skips;
        for (WatchedField w : fields) {
            byName.computeIfAbsent(w.name(), k -> new ArrayList<>()).add(w);
        }
    }

    /** Whether a class's constant pool refers to a watched field: most classes do not, and are not read further. */
    boolean referencedBy(ConstantPool pool) {
        for (int i = 1; i < pool.count(); i++) {
            if (pool.tag(i) == ConstantPool.FIELDREF) {
                ConstantPool.MemberRef r = pool.memberRef(i);
                if (byName.containsKey(r.name())
                        && watched(new FieldRef(r.owner().replace('/', '.'), r.name(), r.descriptor())) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The watched field a bytecode field reference resolves to, or null. */
    WatchedField watched(FieldRef ref) {
        List<WatchedField> named = byName.get(ref.name());
        if (named == null) {
            return null;
        }
        Optional<WatchedField> known = resolved.get(ref);
        if (known != null) {
            return known.orElse(null);
        }
        List<ReferenceType> owners = vm.classesByName(ref.owner());
        Optional<WatchedField> found = Optional.empty();
        boolean complete = true;
        for (ReferenceType t : owners) {
            // An owner not prepared yet or unloaded meanwhile resolves to nothing, for now.
            Optional<com.sun.jdi.Field> f = skips.read(() -> Optional.ofNullable(ReceiverEvaluator.fieldIn(t,
                    ref.name())));
            if (f == null) {
                complete = false;
                continue;
            }
            for (WatchedField w : named) {
                if (f.isPresent() && w.field.equals(f.get())) {
                    found = Optional.of(w);
                }
            }
        }
        if (!owners.isEmpty() && complete) {
            // A class not loaded yet may still turn out to be a subclass of the owner: ask again later.
            resolved.put(ref, found);
        }
        return found.orElse(null);
    }
}
