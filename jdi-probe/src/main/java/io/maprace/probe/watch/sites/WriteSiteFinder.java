package io.maprace.probe.watch.sites;

import io.maprace.model.MapWrites;
import io.maprace.model.WriteKind;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the calls in a class's bytecode that write a map read from a watched field: a data-flow analysis over
 * each method that reads such a field, tracking how every value was computed ({@link ReceiverInterpreter}),
 * then, at each {@code invoke}, whether the receiver is the watched map (or a view of it) and whether the
 * call writes (core {@code MapWrites}).
 */
public final class WriteSiteFinder {

    /** Result of one class: the sites, and the methods that could not be analysed (with why). */
    public record Result(List<WriteSite> sites, Map<String, String> skipped) {
    }

    private WriteSiteFinder() {
    }

    /**
     * @param watched whether a field named by a {@code getfield}/{@code getstatic} is one being watched; called
     *                once per distinct field reference of the class
     */
    public static Result find(RawClass raw, Predicate<FieldRef> watched) {
        Set<Integer> watchedRefs = watchedFieldRefs(raw.pool(), watched);
        if (watchedRefs.isEmpty()) {
            return new Result(List.of(), Map.of());
        }
        List<RawClass.RawMethod> candidates = new ArrayList<>();
        for (RawClass.RawMethod m : raw.methods()) {
            if (m.code() != null && m.code().length > 0 && readsAny(m.code(), watchedRefs)) {
                candidates.add(m);
            }
        }
        if (candidates.isEmpty()) {
            return new Result(List.of(), Map.of());
        }
        List<WriteSite> sites = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        ClassNode node = readWithMaxs(new RawClass(raw.name(), raw.pool(), candidates));
        Set<FieldRef> watchedFields = new HashSet<>();
        for (int index : watchedRefs) {
            ConstantPool.MemberRef r = raw.pool().memberRef(index);
            watchedFields.add(new FieldRef(r.owner().replace('/', '.'), r.name(), r.descriptor()));
        }
        for (int i = 0; i < node.methods.size(); i++) {
            MethodNode method = node.methods.get(i);
            RawClass.RawMethod rm = candidates.get(i);
            try {
                sites.addAll(analyze(raw.name(), method, rm.code(), watchedFields));
            } catch (AnalyzerException | RuntimeException e) {
                skipped.put(method.name + method.desc, String.valueOf(e.getMessage()));
            }
        }
        return new Result(sites, skipped);
    }

    private static Set<Integer> watchedFieldRefs(ConstantPool pool, Predicate<FieldRef> watched) {
        Set<Integer> refs = new HashSet<>();
        for (int i = 1; i < pool.count(); i++) {
            if (pool.tag(i) == ConstantPool.FIELDREF) {
                ConstantPool.MemberRef r = pool.memberRef(i);
                char t = r.descriptor().charAt(0);
                if ((t == 'L' || t == '[')
                        && watched.test(new FieldRef(r.owner().replace('/', '.'), r.name(), r.descriptor()))) {
                    refs.add(i);
                }
            }
        }
        return refs;
    }

    private static boolean readsAny(byte[] code, Set<Integer> refs) {
        for (int bci = 0; bci < code.length; bci += Bytecode.length(code, bci)) {
            int op = code[bci] & 0xff;
            if ((op == Opcodes.GETFIELD || op == Opcodes.GETSTATIC) && refs.contains(Bytecode.u2(code, bci + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the synthetic class, adds catch-all handlers where javac put exception handlers (JDI does not give
     * the exception table), then lets ASM recompute the operand stack and locals sizes.
     */
    private static ClassNode readWithMaxs(RawClass raw) {
        ClassNode first = new ClassNode();
        new ClassReader(SyntheticClass.build(raw)).accept(first, ClassReader.SKIP_FRAMES);
        for (MethodNode m : first.methods) {
            addGuessedHandlers(m);
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        first.accept(writer);
        ClassNode second = new ClassNode();
        new ClassReader(writer.toByteArray()).accept(second, ClassReader.SKIP_FRAMES);
        return second;
    }

    /**
     * javac places handler code right after an instruction that never falls through, and nothing jumps to it:
     * such code is only reachable as an exception handler. Without the real exception table, treat it as a
     * catch-all handler for everything before it, so writes in {@code catch} and {@code finally} blocks are seen.
     */
    private static void addGuessedHandlers(MethodNode m) {
        Set<LabelNode> targets = new HashSet<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof JumpInsnNode j) {
                targets.add(j.label);
            } else if (insn instanceof TableSwitchInsnNode t) {
                targets.add(t.dflt);
                targets.addAll(t.labels);
            } else if (insn instanceof LookupSwitchInsnNode l) {
                targets.add(l.dflt);
                targets.addAll(l.labels);
            }
        }
        LabelNode start = new LabelNode();
        m.instructions.insert(start);
        List<AbstractInsnNode> handlerStarts = new ArrayList<>();
        boolean afterEnd = false;
        boolean targeted = false;
        for (AbstractInsnNode insn = start.getNext(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LabelNode label) {
                targeted |= targets.contains(label);
                continue;
            }
            if (insn.getOpcode() < 0) {
                continue;
            }
            if (afterEnd && !targeted) {
                handlerStarts.add(insn);
            }
            afterEnd = Bytecode.endsBlock(insn.getOpcode());
            targeted = false;
        }
        for (AbstractInsnNode h : handlerStarts) {
            LabelNode handler = new LabelNode();
            m.instructions.insertBefore(h, handler);
            m.tryCatchBlocks.add(new TryCatchBlockNode(start, handler, handler, null));
        }
    }

    private static List<WriteSite> analyze(String className, MethodNode method, byte[] code,
                                           Set<FieldRef> watched) throws AnalyzerException {
        Map<Integer, Integer> argIndex = argumentSlots(method);
        Analyzer<ExprValue> analyzer = new Analyzer<>(new ReceiverInterpreter(argIndex, method.instructions));
        Frame<ExprValue>[] frames = analyzer.analyze(SyntheticClass.NAME, method);
        int[] bcis = bcis(code);
        List<WriteSite> sites = new ArrayList<>();
        int ordinal = 0;
        for (int i = 0; i < method.instructions.size(); i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            if (insn.getOpcode() < 0) {
                continue;
            }
            int bci = bcis[ordinal++];
            Frame<ExprValue> frame = frames[i];
            if (frame == null || !(insn instanceof MethodInsnNode call)
                    || call.getOpcode() == Opcodes.INVOKESTATIC || call.getOpcode() == Opcodes.INVOKESPECIAL) {
                continue;
            }
            int args = Type.getArgumentTypes(call.desc).length;
            ReceiverExpr receiver = frame.getStack(frame.getStackSize() - 1 - args).expr();
            boolean throughView = receiver instanceof ReceiverExpr.View;
            ReceiverExpr map = throughView ? ((ReceiverExpr.View) receiver).map() : receiver;
            FieldRef field = ReceiverExpr.field(map);
            if (field == null || !watched.contains(field)) {
                continue;
            }
            WriteKind kind = MapWrites.ofCall(call.owner.replace('/', '.'), call.name, throughView);
            if (kind == WriteKind.READ) {
                continue;
            }
            List<WriteSite.LocalUse> locals = new ArrayList<>();
            if (!stillValid(map, frame, locals, null)) {
                continue;
            }
            String owner = call.owner.substring(call.owner.lastIndexOf('/') + 1);
            sites.add(new WriteSite(className, method.name, method.desc, bci, field, map,
                    throughView ? ((ReceiverExpr.View) receiver).via() : null, owner + "." + call.name, kind,
                    locals));
        }
        return sites;
    }

    /**
     * Whether every local the expression reads still holds, at this instruction, the value the expression was
     * computed from: then re-reading the locals at the breakpoint gives the same map.
     */
    private static boolean stillValid(ReceiverExpr e, Frame<ExprValue> frame, List<WriteSite.LocalUse> locals,
                                      String asType) {
        if (e instanceof ReceiverExpr.This) {
            return frame.getLocals() > 0 && frame.getLocal(0).expr() instanceof ReceiverExpr.This;
        }
        if (e instanceof ReceiverExpr.Param p) {
            return p.slot() < frame.getLocals() && e.equals(frame.getLocal(p.slot()).expr());
        }
        if (e instanceof ReceiverExpr.Slot s) {
            if (s.slot() >= frame.getLocals() || !e.equals(frame.getLocal(s.slot()).expr()) || asType == null) {
                return false;
            }
            locals.add(new WriteSite.LocalUse(s.slot(), asType));
            return true;
        }
        if (e instanceof ReceiverExpr.StaticField) {
            return true;
        }
        if (e instanceof ReceiverExpr.InstanceField f) {
            return stillValid(f.base(), frame, locals, f.field().owner());
        }
        return false;
    }

    /** Local slot of each parameter, to its index among the arguments. */
    private static Map<Integer, Integer> argumentSlots(MethodNode method) {
        Map<Integer, Integer> slots = new HashMap<>();
        int slot = (method.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        Type[] args = Type.getArgumentTypes(method.desc);
        for (int i = 0; i < args.length; i++) {
            slots.put(slot, i);
            slot += args[i].getSize();
        }
        return slots;
    }

    private static int[] bcis(byte[] code) {
        List<Integer> list = new ArrayList<>();
        for (int bci = 0; bci < code.length; bci += Bytecode.length(code, bci)) {
            list.add(bci);
            if ((code[bci] & 0xff) == Bytecode.INVOKEDYNAMIC) {
                // Rewritten as invokestatic + nop + nop: three instructions where the original had one.
                list.add(bci);
                list.add(bci);
            }
        }
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
