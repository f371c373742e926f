package io.maprace.probe.fix;

import com.sun.jdi.Field;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import io.maprace.probe.watch.sites.ConstantPool;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The loaded methods that read a field ({@code getfield}/{@code getstatic}), found from each candidate class's
 * constant pool and bytecodes through JDI. Only classes that may access the field are read: its class and
 * nestmates for a private field, its package otherwise (every non-JDK class for a public or protected one). The
 * bytecodes are scanned for the opcode and the constant's index without decoding instructions: a stray match
 * adds a method to the barrier (harmless), a real read is never missed.
 */
final class FieldReaders {

    private static final int GETSTATIC = 0xb2;
    private static final int GETFIELD = 0xb4;

    private FieldReaders() {
    }

    /** A method that reads the field, with the bytecode indexes of its reads. */
    record Reader(Method method, List<Integer> reads) {
    }

    static List<Reader> find(VirtualMachine vm, Field field) {
        String owner = field.declaringType().name();
        String top = owner.contains("$") ? owner.substring(0, owner.indexOf('$')) : owner;
        String pkg = owner.contains(".") ? owner.substring(0, owner.lastIndexOf('.') + 1) : "";
        List<Reader> readers = new ArrayList<>();
        for (ReferenceType t : vm.allClasses()) {
            String n = t.name();
            boolean candidate = field.isPrivate() ? n.equals(top) || n.startsWith(top + "$")
                    : field.isPublic() || field.isProtected() ? !Fields.jdk(n)
                    : n.startsWith(pkg) && n.indexOf('.', pkg.length()) < 0;
            if (!candidate || !t.isPrepared()) {
                continue;
            }
            try {
                readers.addAll(readers(t, field));
            } catch (com.sun.jdi.ObjectCollectedException e) {
                // a class unloaded since the listing (a hidden class) reads nothing any more
            }
        }
        return readers;
    }

    private static List<Reader> readers(ReferenceType t, Field field) {
        Set<Integer> refs = fieldRefs(t, field);
        if (refs.isEmpty()) {
            return List.of();
        }
        List<Reader> readers = new ArrayList<>();
        for (Method m : t.methods()) {
            if (m.isAbstract() || m.isNative()) {
                continue;
            }
            List<Integer> reads = reads(m.bytecodes(), refs);
            if (!reads.isEmpty()) {
                readers.add(new Reader(m, reads));
            }
        }
        return readers;
    }

    private static Set<Integer> fieldRefs(ReferenceType t, Field field) {
        Set<Integer> refs = new HashSet<>();
        ConstantPool pool;
        try {
            byte[] bytes = t.constantPool();
            if (bytes == null) {
                return refs; // an array class or a class the VM keeps no constant pool of
            }
            pool = ConstantPool.parse(t.constantPoolCount(), bytes);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return refs; // no constant pool (a VM without the capability), or one maprace cannot parse
        }
        for (int i = 1; i < pool.count(); i++) {
            if (pool.tag(i) == ConstantPool.FIELDREF) {
                ConstantPool.MemberRef r = pool.memberRef(i);
                if (r.name().equals(field.name()) && r.descriptor().equals(field.signature())) {
                    refs.add(i);
                }
            }
        }
        return refs;
    }

    private static List<Integer> reads(byte[] code, Set<Integer> refs) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i + 2 < code.length; i++) {
            int op = code[i] & 0xff;
            if ((op == GETFIELD || op == GETSTATIC) && refs.contains(((code[i + 1] & 0xff) << 8) | (code[i + 2] & 0xff))) {
                at.add(i);
            }
        }
        return at;
    }
}
