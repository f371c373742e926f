package io.maprace.probe.watch.sites;

import org.objectweb.asm.tree.analysis.Value;

/** An operand-stack or local value during analysis: its size in slots and how it was computed. */
record ExprValue(int size, ReceiverExpr expr) implements Value {

    static final ExprValue UNKNOWN_1 = new ExprValue(1, ReceiverExpr.UNKNOWN);
    static final ExprValue UNKNOWN_2 = new ExprValue(2, ReceiverExpr.UNKNOWN);

    static ExprValue unknown(int size) {
        return size == 2 ? UNKNOWN_2 : UNKNOWN_1;
    }

    @Override
    public int getSize() {
        return size;
    }
}
