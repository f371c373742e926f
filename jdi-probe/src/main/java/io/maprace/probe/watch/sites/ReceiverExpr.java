package io.maprace.probe.watch.sites;

/**
 * How the receiver of a map call was computed, as far as it can be recomputed at a breakpoint on the call from
 * the frame's locals and the heap. JDI cannot read the operand stack, so the tool evaluates this instead.
 */
public sealed interface ReceiverExpr {

    /** Something that cannot be recomputed (a method's result, an array element...). */
    record Unknown() implements ReceiverExpr {
    }

    /** {@code this} of an instance method. */
    record This() implements ReceiverExpr {
    }

    /** A parameter's value as passed in (valid only while the parameter's slot is not reassigned). */
    record Param(int slot, int index) implements ReceiverExpr {
    }

    /**
     * A value stored into local slot {@code slot} (by the store at instruction {@code store}, or -1 for several
     * stores merged) that is not itself recomputable: read back from the local variable table.
     */
    record Slot(int slot, int store) implements ReceiverExpr {
    }

    record StaticField(FieldRef field) implements ReceiverExpr {
    }

    record InstanceField(ReceiverExpr base, FieldRef field) implements ReceiverExpr {
    }

    /** A view or iterator of a map or set ({@code map.entrySet().iterator()}): writes through it write the map. */
    record View(ReceiverExpr map, String via) implements ReceiverExpr {
    }

    ReceiverExpr UNKNOWN = new Unknown();
    ReceiverExpr THIS = new This();

    /** The field the value was last read from, or null. */
    static FieldRef field(ReceiverExpr e) {
        if (e instanceof InstanceField f) {
            return f.field();
        }
        if (e instanceof StaticField s) {
            return s.field();
        }
        return null;
    }

    /** Nesting depth, to bound chains such as {@code node = node.next} in loops. */
    static int depth(ReceiverExpr e) {
        if (e instanceof InstanceField f) {
            return 1 + depth(f.base());
        }
        if (e instanceof View v) {
            return 1 + depth(v.map());
        }
        return 0;
    }

    /** Source-like text for reports and tests: {@code this.cache}, {@code Registry.INSTANCE.byKey}. */
    static String text(ReceiverExpr e) {
        if (e instanceof This) {
            return "this";
        }
        if (e instanceof Param p) {
            return "arg" + p.index();
        }
        if (e instanceof Slot s) {
            return "local" + s.slot();
        }
        if (e instanceof StaticField s) {
            String owner = s.field().owner();
            return owner.substring(owner.lastIndexOf('.') + 1) + "." + s.field().name();
        }
        if (e instanceof InstanceField f) {
            return text(f.base()) + "." + f.field().name();
        }
        if (e instanceof View v) {
            return text(v.map()) + "." + v.via();
        }
        return "?";
    }
}
