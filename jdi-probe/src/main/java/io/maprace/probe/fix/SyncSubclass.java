package io.maprace.probe.fix;

import com.sun.jdi.ClassType;
import com.sun.jdi.Method;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a subclass of a map class whose every public operation is {@code synchronized} on the map and
 * calls the inherited one: a thread-safe map that still is a {@code HashMap} (or the application's subclass), so
 * that it fits a field declared with the concrete class. Its static field {@code ORIGINAL} keeps the object it
 * replaced, so that {@code fix --undo} can put it back from a later session.
 */
final class SyncSubclass {

    static final String ORIGINAL = "ORIGINAL";

    private SyncSubclass() {
    }

    /** A public method to override: name and descriptor. */
    record Op(String name, String descriptor) {
    }

    /** The public instance methods of {@code type} and its superclasses that a subclass may override. */
    static List<Op> operations(ClassType type) {
        Map<String, Op> ops = new LinkedHashMap<>();
        for (Method m : type.allMethods()) {
            if (!m.isPublic() || m.isStatic() || m.isFinal() || m.isAbstract() || m.isConstructor()
                    || m.isStaticInitializer() || !(m.declaringType() instanceof ClassType)
                    || m.declaringType().name().equals("java.lang.Object") && !isObjectOp(m.name())) {
                continue;
            }
            ops.putIfAbsent(m.name() + m.signature(), new Op(m.name(), m.signature()));
        }
        return new ArrayList<>(ops.values());
    }

    private static boolean isObjectOp(String name) {
        return name.equals("equals") || name.equals("hashCode") || name.equals("toString");
    }

    /**
     * @param internalName the new class, in internal form
     * @param superName the class it extends, in internal form
     */
    static byte[] bytes(String internalName, String superName, List<Op> ops) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, internalName, null,
                superName, null);
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, ORIGINAL, "Ljava/lang/Object;", null, null).visitEnd();
        for (Op op : ops) {
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNCHRONIZED, op.name(), op.descriptor(),
                    null, null);
            mv.visitCode();
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            int slot = 1;
            for (Type arg : Type.getArgumentTypes(op.descriptor())) {
                mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
                slot += arg.getSize();
            }
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, op.name(), op.descriptor(), false);
            mv.visitInsn(Type.getReturnType(op.descriptor()).getOpcode(Opcodes.IRETURN));
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Whether a class is one of these subclasses (defined by an earlier fix). */
    static boolean isOne(com.sun.jdi.ReferenceType type) {
        return type instanceof ClassType c && c.fieldByName(ORIGINAL) != null
                && c.name().substring(c.name().lastIndexOf('.') + 1).startsWith("MapraceSynchronized");
    }

    /** Where the subclass goes: next to an application class (same runtime package), in {@code maprace} for the JDK's. */
    static String nameFor(ClassType mapClass) {
        String n = mapClass.name();
        String simple = n.substring(n.lastIndexOf('.') + 1).replace('$', '_');
        String pkg = n.startsWith("java.") ? "maprace" : n.substring(0, Math.max(0, n.lastIndexOf('.')));
        return TargetOps.uniqueName((pkg.isEmpty() ? "" : pkg + ".") + "MapraceSynchronized" + simple + "_");
    }
}
