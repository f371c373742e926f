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
    /** Where each final field written so far lives: its static base (null for an instance field) and offset. */
    private final java.util.Map<Field, Slot> slots;

    record Slot(ObjectReference staticBase, long offset) {
    }

    TargetOps(Invoker invoker) {
        this(invoker, null, new java.util.HashMap<>());
    }

    private TargetOps(Invoker invoker, ObjectReference unsafe, java.util.Map<Field, Slot> slots) {
        this.invoker = invoker;
        this.vm = invoker.vm();
        this.unsafe = unsafe;
        this.slots = slots;
    }

    /** The same operations on another held thread, knowing what these found already (Unsafe, field offsets). */
    TargetOps on(Invoker other) {
        return new TargetOps(other, unsafe, slots);
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
        Slot slot = locate(field);
        ObjectReference base = field.isStatic() ? slot.staticBase() : holder;
        long offset = slot.offset();
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

    /**
     * Finds where a final field lives (three calls into the target), once: done before the swap, the write while
     * the map's users are held is one call.
     */
    Slot locate(Field field) {
        Slot known = slots.get(field);
        if (known != null) {
            return known;
        }
        ObjectReference u = unsafe();
        ObjectReference reflected = reflectedField(field);
        Slot slot = field.isStatic()
                ? new Slot(Invoker.kept((ObjectReference) invoker.call(u, UNSAFE, "staticFieldBase",
                        "(Ljava/lang/reflect/Field;)Ljava/lang/Object;", List.of(reflected))),
                        ((LongValue) invoker.call(u, UNSAFE, "staticFieldOffset", "(Ljava/lang/reflect/Field;)J",
                                List.of(reflected))).value())
                : new Slot(null, ((LongValue) invoker.call(u, UNSAFE, "objectFieldOffset",
                        "(Ljava/lang/reflect/Field;)J", List.of(reflected))).value());
        slots.put(field, slot);
        return slot;
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
