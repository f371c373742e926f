package io.maprace.probe.watch.sites;

import org.objectweb.asm.Opcodes;

/** Decoding of raw JVM bytecode: instruction lengths and operands, for the few things ASM is not given. */
final class Bytecode {

    static final int WIDE = 0xc4;
    static final int INVOKEDYNAMIC = 0xba;

    private Bytecode() {
    }

    /** Length in bytes of the instruction at {@code bci}. */
    static int length(byte[] code, int bci) {
        int op = code[bci] & 0xff;
        switch (op) {
            case Opcodes.TABLESWITCH -> {
                int at = align(bci + 1);
                int low = s4(code, at + 4);
                int high = s4(code, at + 8);
                return at + 12 + 4 * (high - low + 1) - bci;
            }
            case Opcodes.LOOKUPSWITCH -> {
                int at = align(bci + 1);
                int pairs = s4(code, at + 4);
                return at + 8 + 8 * pairs - bci;
            }
            case WIDE -> {
                return (code[bci + 1] & 0xff) == Opcodes.IINC ? 6 : 4;
            }
            default -> {
                int len = LENGTHS[op];
                if (len == 0) {
                    throw new IllegalArgumentException("invalid opcode " + op + " at " + bci);
                }
                return len;
            }
        }
    }

    /** Whether control never falls through to the next instruction. */
    static boolean endsBlock(int op) {
        return op == Opcodes.GOTO || op == 0xc8 /* goto_w */ || op == Opcodes.ATHROW || op == Opcodes.RET
                || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                || op == Opcodes.TABLESWITCH || op == Opcodes.LOOKUPSWITCH;
    }

    static int u2(byte[] code, int at) {
        return ((code[at] & 0xff) << 8) | (code[at + 1] & 0xff);
    }

    static int s4(byte[] code, int at) {
        return ((code[at] & 0xff) << 24) | ((code[at + 1] & 0xff) << 16) | ((code[at + 2] & 0xff) << 8)
                | (code[at + 3] & 0xff);
    }

    private static int align(int at) {
        return (at + 3) & ~3;
    }

    private static final int[] LENGTHS = new int[256];

    static {
        // 1-byte instructions: constants, arithmetic, array loads/stores, stack ops, returns, monitors...
        for (int op = 0x00; op <= 0xc3; op++) {
            LENGTHS[op] = 1;
        }
        set(2, 0x10 /* bipush */, 0x12 /* ldc */, 0xbc /* newarray */, 0xa9 /* ret */);
        for (int op = 0x15; op <= 0x19; op++) {
            LENGTHS[op] = 2; // iload..aload
        }
        for (int op = 0x36; op <= 0x3a; op++) {
            LENGTHS[op] = 2; // istore..astore
        }
        set(3, 0x11 /* sipush */, 0x13 /* ldc_w */, 0x14 /* ldc2_w */, 0x84 /* iinc */);
        for (int op = 0x99; op <= 0xa8; op++) {
            LENGTHS[op] = 3; // if*, goto, jsr
        }
        set(3, 0xc6 /* ifnull */, 0xc7 /* ifnonnull */);
        for (int op = 0xb2; op <= 0xb8; op++) {
            LENGTHS[op] = 3; // get/put field/static, invokevirtual/special/static
        }
        set(5, 0xb9 /* invokeinterface */, 0xba /* invokedynamic */);
        set(3, 0xbb /* new */, 0xbd /* anewarray */, 0xc0 /* checkcast */, 0xc1 /* instanceof */);
        set(4, 0xc5 /* multianewarray */);
        set(5, 0xc8 /* goto_w */, 0xc9 /* jsr_w */);
        LENGTHS[0xaa] = 0; // tableswitch: variable
        LENGTHS[0xab] = 0; // lookupswitch: variable
        LENGTHS[0xc4] = 0; // wide: variable
    }

    private static void set(int len, int... ops) {
        for (int op : ops) {
            LENGTHS[op] = len;
        }
    }
}
