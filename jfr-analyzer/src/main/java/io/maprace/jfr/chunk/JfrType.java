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

    // The fields the pool decoders read, named by small ints: a decoder switches on an int, not on a string.
    static final int OTHER = 0;
    static final int NAME = 1;
    static final int TYPE = 2;
    static final int MODIFIERS = 3;
    static final int METHOD = 4;
    static final int LINE_NUMBER = 5;
    static final int JAVA_FRAME = 6;
    static final int TRUNCATED = 7;
    static final int FRAMES = 8;
    static final int OS_NAME = 9;
    static final int JAVA_NAME = 10;
    static final int OS_THREAD_ID = 11;
    static final int JAVA_THREAD_ID = 12;
    /** A field a damaged metadata left without a name: a decoder that meets it fails. */
    static final int NO_NAME = 13;

    final long id;
    final String name;
    final String superType;
    final Field[] fieldArray;
    final Kind kind;
    /** Each field's name as one of the ints above. */
    final int[] fieldNames;
    /** The fields' types, resolved once the whole metadata is read. */
    JfrType[] fieldTypes;
    /** How each field is skipped ({@link Values}'s operations), set with {@link #fieldTypes}. */
    int[] fieldOps;
    /**
     * For a struct whose fields are all integers or pool keys (a stack frame: method, line, bytecode index, frame
     * type), how many; 0 otherwise. With compressed integers such a value is skipped as that many varints.
     */
    int integerFields;

    JfrType(long id, String name, String superType, List<Field> fields) {
        this.id = id;
        this.name = name;
        this.superType = superType;
        this.fieldArray = fields.toArray(new Field[0]);
        this.kind = kindOf(name);
        this.fieldNames = new int[fieldArray.length];
        for (int i = 0; i < fieldArray.length; i++) {
            fieldNames[i] = fieldName(fieldArray[i].name());
        }
    }

    private static int fieldName(String name) {
        if (name == null) {
            return NO_NAME;
        }
        switch (name) {
            case "name": return NAME;
            case "type": return TYPE;
            case "modifiers": return MODIFIERS;
            case "method": return METHOD;
            case "lineNumber": return LINE_NUMBER;
            case "javaFrame": return JAVA_FRAME;
            case "truncated": return TRUNCATED;
            case "frames": return FRAMES;
            case "osName": return OS_NAME;
            case "javaName": return JAVA_NAME;
            case "osThreadId": return OS_THREAD_ID;
            case "javaThreadId": return JAVA_THREAD_ID;
            default: return OTHER;
        }
    }

    /** For a decoder that meets a field without a name. */
    ChunkFormatException unnamed(int field) {
        return new ChunkFormatException("field " + field + " of type " + name + " has no name");
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
