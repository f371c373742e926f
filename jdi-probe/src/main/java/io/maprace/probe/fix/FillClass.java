package io.maprace.probe.fix;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The bytes of a tiny class that maprace defines in the target to rebuild a damaged map in one call: entries
 * uploaded as two arrays are put into the new map by target code, instead of one JDWP round trip per entry.
 * <pre>{@code
 * public final class <name> {
 *     public static void fill(Map m, Object[] k, Object[] v) { for (int i = 0; i < k.length; i++) m.put(k[i], v[i]); }
 *     public static void fillSet(Set s, Object[] k) { for (int i = 0; i < k.length; i++) s.add(k[i]); }
 * }
 * }</pre>
 */
final class FillClass {

    static final String FILL = "fill";
    static final String FILL_SIG = "(Ljava/util/Map;[Ljava/lang/Object;[Ljava/lang/Object;)V";
    static final String FILL_SET = "fillSet";
    static final String FILL_SET_SIG = "(Ljava/util/Set;[Ljava/lang/Object;)V";

    private FillClass() {
    }

    /** @param internalName the class's name in internal form ({@code maprace/Fill1a2b}) */
    static byte[] bytes(String internalName) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object"; // never load classes of this tool's JVM to merge frames
            }
        };
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internalName, null,
                "java/lang/Object", null);
        loop(cw, FILL, FILL_SIG, true);
        loop(cw, FILL_SET, FILL_SET_SIG, false);
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void loop(ClassWriter cw, String name, String sig, boolean map) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, sig, null, null);
        mv.visitCode();
        int i = map ? 3 : 2;
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, i);
        Label test = new Label();
        Label body = new Label();
        mv.visitJumpInsn(Opcodes.GOTO, test);
        mv.visitLabel(body);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ILOAD, i);
        mv.visitInsn(Opcodes.AALOAD);
        if (map) {
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitVarInsn(Opcodes.ILOAD, i);
            mv.visitInsn(Opcodes.AALOAD);
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/Map", "put",
                    "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", true);
        } else {
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/Set", "add", "(Ljava/lang/Object;)Z", true);
        }
        mv.visitInsn(Opcodes.POP);
        mv.visitIincInsn(i, 1);
        mv.visitLabel(test);
        mv.visitVarInsn(Opcodes.ILOAD, i);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitInsn(Opcodes.ARRAYLENGTH);
        mv.visitJumpInsn(Opcodes.IF_ICMPLT, body);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
