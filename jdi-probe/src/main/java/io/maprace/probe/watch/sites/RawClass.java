package io.maprace.probe.watch.sites;

import java.util.List;

/**
 * What JDI gives of a loaded class's code: its constant pool and each method's bytecode. No exception tables,
 * no attributes: {@link SyntheticClass} rebuilds enough of a class file from this for ASM.
 *
 * @param name binary name ({@code com.foo.Registry$Entry})
 */
public record RawClass(String name, ConstantPool pool, List<RawMethod> methods) {

    public RawClass {
        methods = List.copyOf(methods);
    }

    /**
     * @param access the method's access flags ({@code ACC_STATIC} matters: local 0 is {@code this} otherwise)
     * @param code the bytecode, as {@code Method.bytecodes()} returns it (unrewritten, no breakpoints)
     */
    public record RawMethod(String name, String descriptor, int access, byte[] code) {
    }
}
