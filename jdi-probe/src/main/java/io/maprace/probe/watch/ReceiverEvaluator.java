package io.maprace.probe.watch;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;

import io.maprace.probe.watch.sites.FieldRef;
import io.maprace.probe.watch.sites.ReceiverExpr;
import io.maprace.probe.watch.sites.WriteSite;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Recomputes, at a breakpoint on a map call, the map the call is about to write: JDI cannot read the operand
 * stack, so the receiver expression the bytecode analysis found ({@code this.cache}, {@code arg0.ctx.set},
 * {@code Registry.INSTANCE.byName}) is evaluated from the frame's {@code this}, arguments, locals and fields.
 * Field reads only: nothing runs in the target.
 */
final class ReceiverEvaluator {

    private final VirtualMachine vm;
    private final Map<FieldRef, Optional<Field>> fields = new HashMap<>();
    /** Values of final instance fields by holder id and field: they cannot change, so read each once. */
    private final Map<String, ObjectReference> finalValues = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectReference> eldest) {
            return size() > 20_000;
        }
    };
    private final Map<FieldRef, ObjectReference> staticFinals = new HashMap<>();

    ReceiverEvaluator(VirtualMachine vm) {
        this.vm = vm;
    }

    /**
     * @param frame the top frame, read only if the expression needs it (one round trip)
     * @param self the frame's {@code this} when already known (an instance-filtered breakpoint), else null
     * @return the map, or null when it cannot be recomputed here (or the field holds null)
     */
    ObjectReference evaluate(Supplier<StackFrame> frame, WriteSite site, ObjectReference self) {
        Value v = eval(site.map(), frame, site.locals(), self);
        return v instanceof ObjectReference o ? o : null;
    }

    private Value eval(ReceiverExpr e, Supplier<StackFrame> frame, List<WriteSite.LocalUse> locals,
                       ObjectReference self) {
        if (e instanceof ReceiverExpr.This) {
            return self != null ? self : frame.get().thisObject();
        }
        if (e instanceof ReceiverExpr.Param p) {
            List<Value> args = frame.get().getArgumentValues();
            return p.index() < args.size() ? args.get(p.index()) : null;
        }
        if (e instanceof ReceiverExpr.Slot s) {
            return local(frame.get(), s.slot(), locals);
        }
        if (e instanceof ReceiverExpr.StaticField s) {
            ObjectReference cached = staticFinals.get(s.field());
            if (cached != null) {
                return cached;
            }
            Field f = field(s.field());
            if (f == null) {
                return null;
            }
            Value v = f.declaringType().getValue(f);
            if (f.isFinal() && v instanceof ObjectReference o) {
                staticFinals.put(s.field(), o);
            }
            return v;
        }
        if (e instanceof ReceiverExpr.InstanceField i) {
            Value base = eval(i.base(), frame, locals, self);
            if (!(base instanceof ObjectReference holder)) {
                return null;
            }
            Field f = field(i.field());
            if (f == null) {
                return null;
            }
            String key = holder.uniqueID() + "|" + i.field();
            ObjectReference cached = finalValues.get(key);
            if (cached != null) {
                return cached;
            }
            Value v = holder.getValue(f);
            if (f.isFinal() && v instanceof ObjectReference o) {
                finalValues.put(key, o);
            }
            return v;
        }
        return null;
    }

    /**
     * A local that is not a parameter: JDI reads locals only through the local variable table (javac -g, the
     * Maven and Gradle default), and does not say which slot a variable is in. The analysis knows the type the
     * value is used as: take the one visible variable of that type.
     */
    private static Value local(StackFrame frame, int slot, List<WriteSite.LocalUse> locals) {
        String type = null;
        for (WriteSite.LocalUse use : locals) {
            if (use.slot() == slot) {
                type = use.type();
            }
        }
        if (type == null) {
            return null;
        }
        String signature = "L" + type.replace('.', '/') + ";";
        try {
            LocalVariable match = null;
            for (LocalVariable v : frame.visibleVariables()) {
                if (v.signature().equals(signature)) {
                    if (match != null) {
                        return null; // two candidates: do not guess
                    }
                    match = v;
                }
            }
            return match == null ? null : frame.getValue(match);
        } catch (AbsentInformationException e) {
            return null;
        }
    }

    Field field(FieldRef ref) {
        return fields.computeIfAbsent(ref, r -> {
            for (ReferenceType t : vm.classesByName(r.owner())) {
                Field f = fieldIn(t, r.name());
                if (f != null) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }).orElse(null);
    }

    /** The field a bytecode reference resolves to: declared in the named class or a superclass. */
    static Field fieldIn(ReferenceType type, String name) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            Field f = t.fieldByName(name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}
