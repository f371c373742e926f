package io.maprace.probe.watch.sites;

import org.objectweb.asm.Opcodes;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds a class file ASM can read from a {@link RawClass}: the original constant pool (so the bytecode's
 * indices stay valid), a few appended entries, and one method per raw method with its code.
 *
 * <p>JDI gives no BootstrapMethods attribute, which ASM needs to read {@code invokedynamic} and dynamic
 * constants. Both are rewritten to forms with the same operand-stack effect: each InvokeDynamic entry becomes a
 * Methodref of a synthetic class with the same name-and-type, and each {@code invokedynamic} instruction an
 * {@code invokestatic} of it padded with two {@code nop}s; a Dynamic constant becomes an Integer (a long or
 * double one then fails analysis of its method, which is skipped).
 */
final class SyntheticClass {

    static final String NAME = "maprace/watch/Synthetic";

    private SyntheticClass() {
    }

    static byte[] build(RawClass raw) {
        ConstantPool pool = raw.pool();
        List<RawClass.RawMethod> methods = raw.methods();
        int next = pool.count();
        int thisUtf8 = next++;
        int thisClass = next++;
        int superUtf8 = next++;
        int superClass = next++;
        int codeUtf8 = next++;
        int firstMethodUtf8 = next;
        next += 2 * methods.size();
        if (next > 0xffff) {
            throw new IllegalArgumentException("constant pool too large to extend: " + raw.name());
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(pool.length() + 4096);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(Opcodes.V17);
            out.writeShort(next);
            writePool(pool, thisClass, out);
            out.writeByte(ConstantPool.UTF8);
            out.writeUTF(NAME);
            out.writeByte(ConstantPool.CLASS);
            out.writeShort(thisUtf8);
            out.writeByte(ConstantPool.UTF8);
            out.writeUTF("java/lang/Object");
            out.writeByte(ConstantPool.CLASS);
            out.writeShort(superUtf8);
            out.writeByte(ConstantPool.UTF8);
            out.writeUTF("Code");
            for (RawClass.RawMethod m : methods) {
                out.writeByte(ConstantPool.UTF8);
                out.writeUTF(m.name());
                out.writeByte(ConstantPool.UTF8);
                out.writeUTF(m.descriptor());
            }
            out.writeShort(Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER);
            out.writeShort(thisClass);
            out.writeShort(superClass);
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields
            out.writeShort(methods.size());
            for (int i = 0; i < methods.size(); i++) {
                RawClass.RawMethod m = methods.get(i);
                byte[] code = rewriteCode(m.code());
                out.writeShort(m.access() & ~(Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE));
                out.writeShort(firstMethodUtf8 + 2 * i);
                out.writeShort(firstMethodUtf8 + 2 * i + 1);
                out.writeShort(1);
                out.writeShort(codeUtf8);
                out.writeInt(12 + code.length);
                // Real maxima are recomputed (ClassWriter.COMPUTE_MAXS) before analysis.
                out.writeShort(0xffff);
                out.writeShort(0xffff);
                out.writeInt(code.length);
                out.write(code);
                out.writeShort(0); // exception table: JDI does not expose it
                out.writeShort(0); // attributes
            }
            out.writeShort(0); // class attributes
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writePool(ConstantPool pool, int syntheticClass, DataOutputStream out) throws IOException {
        byte[] b = pool.bytes();
        for (int i = 1; i < pool.count(); i++) {
            int at = pool.offset(i);
            int tag = pool.tag(i);
            switch (tag) {
                case ConstantPool.INVOKE_DYNAMIC -> {
                    out.writeByte(ConstantPool.METHODREF);
                    out.writeShort(syntheticClass);
                    out.write(b, at + 3, 2); // name_and_type_index
                }
                case ConstantPool.DYNAMIC -> {
                    out.writeByte(ConstantPool.INTEGER);
                    out.writeInt(0);
                }
                default -> {
                    int end = nextOffset(pool, i);
                    out.write(b, at, end - at);
                }
            }
            if (tag == ConstantPool.LONG || tag == ConstantPool.DOUBLE) {
                i++;
            }
        }
    }

    private static int nextOffset(ConstantPool pool, int index) {
        int tag = pool.tag(index);
        int next = index + ((tag == ConstantPool.LONG || tag == ConstantPool.DOUBLE) ? 2 : 1);
        return next < pool.count() ? pool.offset(next) : pool.length();
    }

    private static byte[] rewriteCode(byte[] code) {
        byte[] out = code.clone();
        for (int bci = 0; bci < out.length; bci += Bytecode.length(out, bci)) {
            if ((out[bci] & 0xff) == Bytecode.INVOKEDYNAMIC) {
                out[bci] = (byte) Opcodes.INVOKESTATIC;
                out[bci + 3] = (byte) Opcodes.NOP;
                out[bci + 4] = (byte) Opcodes.NOP;
            }
        }
        return out;
    }
}
