package io.maprace.probe.watch.sites;

import io.maprace.model.MapWrites;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

import java.util.List;
import java.util.Map;

/**
 * Tracks, for every value, how it was computed ({@link ReceiverExpr}): field reads, parameters, locals and views.
 * Sizes come from ASM's {@link BasicInterpreter}; only references carry expressions.
 */
final class ReceiverInterpreter extends Interpreter<ExprValue> {

    /** Longest field chain kept ({@code a.b.c.d}); longer ones, such as list walks in loops, become unknown. */
    private static final int MAX_DEPTH = 4;

    private final BasicInterpreter basic = new BasicInterpreter();
    private final Map<Integer, Integer> argumentIndexBySlot;
    private final InsnList instructions;

    ReceiverInterpreter(Map<Integer, Integer> argumentIndexBySlot, InsnList instructions) {
        super(Opcodes.ASM9);
        this.argumentIndexBySlot = argumentIndexBySlot;
        this.instructions = instructions;
    }

    @Override
    public ExprValue newValue(Type type) {
        if (type == Type.VOID_TYPE) {
            return null;
        }
        return ExprValue.unknown(type == null ? 1 : type.getSize());
    }

    @Override
    public ExprValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
        if (isInstanceMethod && local == 0) {
            return new ExprValue(1, ReceiverExpr.THIS);
        }
        Integer index = argumentIndexBySlot.get(local);
        if (index == null || type.getSort() != Type.OBJECT && type.getSort() != Type.ARRAY) {
            return newValue(type);
        }
        return new ExprValue(1, new ReceiverExpr.Param(local, index));
    }

    @Override
    public ExprValue newExceptionValue(TryCatchBlockNode tryCatch, Frame<ExprValue> handlerFrame, Type type) {
        return ExprValue.UNKNOWN_1;
    }

    @Override
    public ExprValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.GETSTATIC) {
            FieldInsnNode f = (FieldInsnNode) insn;
            if (isReference(f.desc)) {
                return new ExprValue(1, new ReceiverExpr.StaticField(ref(f)));
            }
        }
        return sized(basic.newOperation(insn));
    }

    @Override
    public ExprValue copyOperation(AbstractInsnNode insn, ExprValue value) {
        if (insn.getOpcode() == Opcodes.ASTORE && value.expr() instanceof ReceiverExpr.Unknown) {
            // Not recomputable from fields: remember the local, its value can be read back at the breakpoint.
            int slot = ((VarInsnNode) insn).var;
            return new ExprValue(1, new ReceiverExpr.Slot(slot, instructions.indexOf(insn)));
        }
        return value;
    }

    @Override
    public ExprValue unaryOperation(AbstractInsnNode insn, ExprValue value) throws AnalyzerException {
        switch (insn.getOpcode()) {
            case Opcodes.GETFIELD -> {
                FieldInsnNode f = (FieldInsnNode) insn;
                if (isReference(f.desc) && !(value.expr() instanceof ReceiverExpr.Unknown)
                        && ReceiverExpr.depth(value.expr()) < MAX_DEPTH) {
                    return new ExprValue(1, new ReceiverExpr.InstanceField(value.expr(), ref(f)));
                }
                return sized(basic.unaryOperation(insn, BasicValue.REFERENCE_VALUE));
            }
            case Opcodes.CHECKCAST -> {
                return value;
            }
            default -> {
                return sized(basic.unaryOperation(insn, basicOf(value)));
            }
        }
    }

    @Override
    public ExprValue binaryOperation(AbstractInsnNode insn, ExprValue v1, ExprValue v2) throws AnalyzerException {
        return sized(basic.binaryOperation(insn, basicOf(v1), basicOf(v2)));
    }

    @Override
    public ExprValue ternaryOperation(AbstractInsnNode insn, ExprValue v1, ExprValue v2, ExprValue v3) {
        return null;
    }

    @Override
    public ExprValue naryOperation(AbstractInsnNode insn, List<? extends ExprValue> values)
            throws AnalyzerException {
        int op = insn.getOpcode();
        if ((op == Opcodes.INVOKEINTERFACE || op == Opcodes.INVOKEVIRTUAL) && !values.isEmpty()) {
            MethodInsnNode m = (MethodInsnNode) insn;
            ReceiverExpr receiver = values.get(0).expr();
            if (mapLike(receiver) && MapWrites.returnsView(m.owner.replace('/', '.'), m.name, m.desc)
                    && ReceiverExpr.depth(receiver) < MAX_DEPTH) {
                return new ExprValue(1, receiver instanceof ReceiverExpr.View v
                        ? new ReceiverExpr.View(v.map(), v.via() + "." + m.name + "()")
                        : new ReceiverExpr.View(receiver, m.name + "()"));
            }
        }
        if (op == Opcodes.MULTIANEWARRAY) {
            return ExprValue.UNKNOWN_1;
        }
        if (insn instanceof MethodInsnNode m) {
            return newValue(Type.getReturnType(m.desc));
        }
        return sized(basic.naryOperation(insn, null));
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, ExprValue value, ExprValue expected) {
    }

    @Override
    public ExprValue merge(ExprValue a, ExprValue b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.size() != b.size()) {
            return ExprValue.UNKNOWN_1;
        }
        if (a.expr() instanceof ReceiverExpr.Slot sa && b.expr() instanceof ReceiverExpr.Slot sb
                && sa.slot() == sb.slot()) {
            return new ExprValue(1, new ReceiverExpr.Slot(sa.slot(), -1));
        }
        return ExprValue.unknown(a.size());
    }

    /** A value that may be a map or set read from a field, or a view of one. */
    static boolean mapLike(ReceiverExpr e) {
        return e instanceof ReceiverExpr.InstanceField || e instanceof ReceiverExpr.StaticField
                || e instanceof ReceiverExpr.View;
    }

    private static FieldRef ref(FieldInsnNode f) {
        return new FieldRef(f.owner.replace('/', '.'), f.name, f.desc);
    }

    private static boolean isReference(String desc) {
        return desc.charAt(0) == 'L' || desc.charAt(0) == '[';
    }

    private static ExprValue sized(BasicValue v) {
        return v == null ? null : ExprValue.unknown(v.getSize());
    }

    private static BasicValue basicOf(ExprValue v) {
        return v.size() == 2 ? BasicValue.LONG_VALUE : BasicValue.REFERENCE_VALUE;
    }
}
