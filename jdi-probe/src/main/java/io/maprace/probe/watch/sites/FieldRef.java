package io.maprace.probe.watch.sites;

/**
 * A field as a bytecode instruction names it.
 *
 * @param owner binary name of the class the instruction names ({@code com.foo.Registry$Entry}); the field may
 *              be declared in a superclass of it
 * @param descriptor field type descriptor ({@code Ljava/util/Map;})
 */
public record FieldRef(String owner, String name, String descriptor) {

    @Override
    public String toString() {
        return owner + "." + name;
    }
}
