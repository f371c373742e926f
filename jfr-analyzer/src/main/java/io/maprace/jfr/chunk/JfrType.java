package io.maprace.jfr.chunk;

import java.util.List;

/**
 * A type as a chunk's metadata describes it: an event type, a type whose values live in constant pools (threads,
 * classes, stack traces...), a struct inlined in other values, or a primitive.
 */
final class JfrType {

    /** How a value of the type is laid out in the bytes. */
    enum Kind { BOOLEAN, BYTE, CHAR, SHORT, INT, LONG, FLOAT, DOUBLE, STRING, STRUCT }

    /** A field: its values are of {@code type}, inline or as a constant-pool key, one or an array of them. */
    record Field(String name, long typeId, boolean array, boolean constantPool) {
    }

    final long id;
    final String name;
    final String superType;
    final Field[] fieldArray;
    final Kind kind;
    /** The fields' types, resolved once the whole metadata is read. */
    JfrType[] fieldTypes;
    /** How each field is skipped ({@link Values}'s operations), set with {@link #fieldTypes}. */
    int[] fieldOps;

    JfrType(long id, String name, String superType, List<Field> fields) {
        this.id = id;
        this.name = name;
        this.superType = superType;
        this.fieldArray = fields.toArray(new Field[0]);
        this.kind = kindOf(name);
    }

    boolean isEvent() {
        return "jdk.jfr.Event".equals(superType);
    }

    private static Kind kindOf(String name) {
        switch (name) {
            case "boolean": return Kind.BOOLEAN;
            case "byte": return Kind.BYTE;
            case "char": return Kind.CHAR;
            case "short": return Kind.SHORT;
            case "int": return Kind.INT;
            case "long": return Kind.LONG;
            case "float": return Kind.FLOAT;
            case "double": return Kind.DOUBLE;
            case "java.lang.String": return Kind.STRING;
            default: return Kind.STRUCT;
        }
    }
}
