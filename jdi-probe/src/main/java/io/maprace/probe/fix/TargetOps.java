package io.maprace.probe.fix;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ArrayType;
import com.sun.jdi.ClassLoaderReference;
import com.sun.jdi.ClassObjectReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LongValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;

import java.util.ArrayList;
import java.util.List;

/**
 * What the swap does in the target through a held thread: define a class, upload arrays, take identity hashes,
 * and write final fields through {@code jdk.internal.misc.Unsafe} (JDI refuses final fields, reflection refuses
 * {@code static final} ones; a JNI invocation skips the module checks). Unsafe checks no types: every caller
 * checks assignability first ({@link #assignable}).
 */
final class TargetOps {

    private static final String UNSAFE = "jdk.internal.misc.Unsafe";

    private final Invoker invoker;
    private final VirtualMachine vm;
    private ObjectReference unsafe;

    TargetOps(Invoker invoker) {
        this.invoker = invoker;
        this.vm = invoker.vm();
    }

    Invoker invoker() {
        return invoker;
    }

    /** Defines {@code bytes} as class {@code name} in {@code loader} (the system loader when null). */
    ClassType define(String name, byte[] bytes, ClassLoaderReference loader) {
        ObjectReference l = loader;
        if (l == null) {
            l = (ObjectReference) Invoker.kept(invoker.callStatic("java.lang.ClassLoader", "getSystemClassLoader",
                    "()Ljava/lang/ClassLoader;", List.of()));
        }
        ArrayType bytesType = (ArrayType) vm.classesByName("byte[]").get(0);
        ArrayReference data = Invoker.created(() -> bytesType.newInstance(bytes.length));
        List<Value> values = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            values.add(vm.mirrorOf(b));
        }
        try {
            data.setValues(values);
            ClassObjectReference c = (ClassObjectReference) invoker.call(l, "java.lang.ClassLoader", "defineClass",
                    "(Ljava/lang/String;[BII)Ljava/lang/Class;", List.of(Invoker.string(vm, name), data, vm.mirrorOf(0),
                            vm.mirrorOf(bytes.length)));
            // A defined class is loaded but not linked: JDI finds no methods in it until it is initialized.
            invoker.callStatic("java.lang.Class", "forName", "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;",
                    List.of(Invoker.string(vm, name), vm.mirrorOf(true), l));
            return (ClassType) c.reflectedType();
        } catch (com.sun.jdi.InvalidTypeException | com.sun.jdi.ClassNotLoadedException e) {
            throw new IllegalStateException(e);
        } finally {
            data.enableCollection();
        }
    }

    /** A new {@code Object[]} in the target holding {@code values}, kept from the collector. */
    ArrayReference objectArray(List<? extends Value> values) {
        ArrayType type = (ArrayType) vm.classesByName("java.lang.Object[]").get(0);
        ArrayReference a = Invoker.created(() -> type.newInstance(values.size()));
        try {
            // In slices, as EntryWalk.slices reads: one request for a large array can make the JDWP agent fail.
            for (int from = 0; from < values.size(); from += 4096) {
                a.setValues(from, values, from, Math.min(4096, values.size() - from));
            }
        } catch (com.sun.jdi.InvalidTypeException | com.sun.jdi.ClassNotLoadedException e) {
            throw new IllegalStateException(e);
        }
        return a;
    }

    int identityHash(ObjectReference o) {
        return ((IntegerValue) invoker.callStatic("java.lang.System", "identityHashCode", "(Ljava/lang/Object;)I",
                List.of(o))).value();
    }

    /** Writes {@code value} into a final field (static or of {@code holder}); the caller checked its type. */
    void putFinal(Field field, ObjectReference holder, Value value) {
        ObjectReference u = unsafe();
        ObjectReference reflected = reflectedField(field);
        ObjectReference base;
        long offset;
        if (field.isStatic()) {
            base = (ObjectReference) invoker.call(u, UNSAFE, "staticFieldBase",
                    "(Ljava/lang/reflect/Field;)Ljava/lang/Object;", List.of(reflected));
            offset = ((LongValue) invoker.call(u, UNSAFE, "staticFieldOffset", "(Ljava/lang/reflect/Field;)J",
                    List.of(reflected))).value();
        } else {
            base = holder;
            offset = ((LongValue) invoker.call(u, UNSAFE, "objectFieldOffset", "(Ljava/lang/reflect/Field;)J",
                    List.of(reflected))).value();
        }
        String sig = field.signature();
        boolean ref = sig.startsWith("L") || sig.startsWith("[");
        String kind = ref ? "Reference" : switch (sig.charAt(0)) {
            case 'Z' -> "Boolean";
            case 'B' -> "Byte";
            case 'C' -> "Char";
            case 'S' -> "Short";
            case 'I' -> "Int";
            case 'J' -> "Long";
            case 'F' -> "Float";
            default -> "Double";
        };
        invoker.call(u, UNSAFE, "put" + kind + "Volatile", "(Ljava/lang/Object;J" + (ref ? "Ljava/lang/Object;" : sig)
                + ")V", java.util.Arrays.asList(base, vm.mirrorOf(offset), value));
    }

    /** A new instance of {@code type} made without running a constructor. */
    ObjectReference allocate(ClassType type) {
        return Invoker.created(() -> (ObjectReference) invoker.call(unsafe(), UNSAFE, "allocateInstance",
                "(Ljava/lang/Class;)Ljava/lang/Object;", List.of(type.classObject())));
    }

    private ObjectReference reflectedField(Field field) {
        ClassObjectReference owner = field.declaringType().classObject();
        return Invoker.created(() -> (ObjectReference) invoker.call(owner, "java.lang.Class", "getDeclaredField",
                "(Ljava/lang/String;)Ljava/lang/reflect/Field;", List.of(Invoker.string(vm, field.name()))));
    }

    private ObjectReference unsafe() {
        if (unsafe == null) {
            unsafe = (ObjectReference) invoker.callStatic(UNSAFE, "getUnsafe", "()L" + UNSAFE.replace('.', '/') + ";",
                    List.of());
        }
        return unsafe;
    }

    /** Whether an object of {@code type} may be stored in a field declared {@code declared}. */
    static boolean assignable(ReferenceType type, String declared) {
        return Fields.isA(type, declared);
    }

    /** The class's name, unique in the target: maprace's classes never collide with a second fix. */
    static String uniqueName(String base) {
        return base + Long.toHexString(System.nanoTime()) + Long.toHexString(ProcessHandle.current().pid());
    }

    static ClassLoaderReference loaderOf(ClassType type) {
        return type.classLoader();
    }
}
