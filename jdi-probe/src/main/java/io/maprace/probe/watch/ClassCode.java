package io.maprace.probe.watch;

import io.maprace.probe.target.ClassSkips;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;

import io.maprace.probe.watch.sites.ConstantPool;
import io.maprace.probe.watch.sites.RawClass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A target class's code as JDI gives it: the bytecode of its concrete methods, with the JDI method of each
 * (by name and descriptor) to set breakpoints in. Read through {@link ClassSkips}: a class that cannot be read
 * (unloaded, not prepared, hidden from JVMTI) is counted and left out.
 */
record ClassCode(RawClass raw, Map<String, Method> methods) {

    /** The constant pool alone: cheap, and enough to tell whether the class reads a watched field. */
    static ConstantPool pool(VirtualMachine vm, ReferenceType type, ClassSkips skips) {
        if (!vm.canGetConstantPool() || !vm.canGetBytecodes()) {
            return null;
        }
        return skips.read(() -> ConstantPool.parse(type.constantPoolCount(), type.constantPool()));
    }

    /** The class's methods, or null when they cannot be read. */
    static ClassCode read(ReferenceType type, ConstantPool pool, ClassSkips skips) {
        return skips.read(() -> {
            List<RawClass.RawMethod> raw = new ArrayList<>();
            Map<String, Method> methods = new HashMap<>();
            for (Method m : type.methods()) {
                if (m.isAbstract() || m.isNative()) {
                    continue;
                }
                raw.add(new RawClass.RawMethod(m.name(), m.signature(), m.modifiers(), m.bytecodes()));
                methods.put(m.name() + m.signature(), m);
            }
            return new ClassCode(new RawClass(type.name(), pool, raw), methods);
        });
    }

    Method method(String name, String descriptor) {
        return methods.get(name + descriptor);
    }
}
