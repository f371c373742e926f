package io.maprace.jfr.chunk;

/**
 * Skips and reads values as the metadata lays them out. A value is a primitive, a string, a struct (its fields in
 * order), an array (a count, then the elements) or, for a constant-pool field, the key of a pooled value.
 *
 * <p>Each field's way of being skipped is worked out once per metadata ({@link #fieldOp}), so skipping the
 * thousands of pooled values and event fields of a chunk is a switch per field, not a look at its declaration.
 */
final class Values {

    /** Structs hold structs a few levels deep; a cycle of inline types would be a damaged metadata. */
    private static final int MAX_DEPTH = 16;

    // The operations of fieldOp: how one value is laid out, ARRAY added for an array of them.
    static final int BYTE = 0;
    static final int CHAR = 1;
    static final int SHORT = 2;
    static final int INT = 3;
    static final int LONG = 4;
    static final int FLOAT = 5;
    static final int DOUBLE = 6;
    static final int STRING = 7;
    static final int STRUCT = 8;
    static final int ARRAY = 16;

    private Values() {
    }

    /** How a field of the given declaration and type is skipped; a constant-pool key is a long. */
    static int fieldOp(JfrType.Field f, JfrType type) {
        int op = f.constantPool() ? LONG : valueOp(type);
        return f.array() ? op | ARRAY : op;
    }

    private static int valueOp(JfrType type) {
        switch (type.kind) {
            case BOOLEAN:
            case BYTE:
                return BYTE;
            case CHAR:
                return CHAR;
            case SHORT:
                return SHORT;
            case INT:
                return INT;
            case LONG:
                return LONG;
            case FLOAT:
                return FLOAT;
            case DOUBLE:
                return DOUBLE;
            case STRING:
                return STRING;
            default:
                return STRUCT;
        }
    }

    /** The number of fields of a struct whose fields are all integers or pool keys; 0 for any other type. */
    static int integerFields(JfrType type) {
        if (type.kind != JfrType.Kind.STRUCT) {
            return 0;
        }
        for (int op : type.fieldOps) {
            if (op != CHAR && op != SHORT && op != INT && op != LONG) {
                return 0;
            }
        }
        return type.fieldOps.length;
    }

    static void skipField(ChunkInput in, JfrType owner, int field) throws ChunkFormatException {
        skip(in, owner.fieldOps[field], owner.fieldTypes[field], 0);
    }

    private static void skip(ChunkInput in, int op, JfrType type, int depth) throws ChunkFormatException {
        if (op < ARRAY) {
            skipOne(in, op, type, depth);
            return;
        }
        int n = in.readCount();
        int element = op - ARRAY;
        if (element == STRUCT && type.integerFields > 0 && depth < MAX_DEPTH && in.compressed()) {
            // An array of stack frames, the bulk of the stack trace pool: one run of varints.
            in.skipVarints((long) n * type.integerFields);
            return;
        }
        for (int i = 0; i < n; i++) {
            skipOne(in, element, type, depth);
        }
    }

    private static void skipOne(ChunkInput in, int op, JfrType type, int depth) throws ChunkFormatException {
        switch (op) {
            case BYTE:
                in.skip(1);
                return;
            case CHAR:
            case SHORT:
                in.skipInteger(2);
                return;
            case INT:
                in.skipInteger(4);
                return;
            case LONG:
                in.skipInteger(8);
                return;
            case FLOAT:
                in.skip(4);
                return;
            case DOUBLE:
                in.skip(8);
                return;
            case STRING:
                Strings.skip(in);
                return;
            default:
                skipStruct(in, type, depth);
        }
    }

    /** Skips a value of the type at the input's position; {@code depth} is how deep it lies inside others. */
    static void skipValue(ChunkInput in, JfrType type, int depth) throws ChunkFormatException {
        if (type.kind != JfrType.Kind.STRUCT) {
            skipOne(in, valueOp(type), type, depth);
        } else {
            skipStruct(in, type, depth);
        }
    }

    private static void skipStruct(ChunkInput in, JfrType type, int depth) throws ChunkFormatException {
        if (depth >= MAX_DEPTH) {
            throw new ChunkFormatException("type " + type.name + " nests deeper than " + MAX_DEPTH);
        }
        int[] ops = type.fieldOps;
        if (ops.length == 0) {
            throw new ChunkFormatException("type " + type.name + " has no fields and is not a primitive");
        }
        if (type.integerFields > 0 && in.compressed()) {
            in.skipVarints(type.integerFields);
            return;
        }
        JfrType[] types = type.fieldTypes;
        for (int i = 0; i < ops.length; i++) {
            skip(in, ops[i], types[i], depth + 1);
        }
    }

    /**
     * A field holding an integer, a boolean or a constant-pool key, as a long; for a string field, use
     * {@link Strings}. Integer values are widened as the JDK's parser widens them (a negative int stays negative).
     */
    static long readNumber(ChunkInput in, JfrType owner, int field) throws ChunkFormatException {
        int op = owner.fieldOps[field];
        if (op == BYTE) {
            return in.u1();
        }
        if (op > LONG) {
            throw notANumber(owner, field);
        }
        // A constant-pool key is a LONG.
        long v = in.readInteger(op == LONG ? 8 : op == INT ? 4 : 2);
        return op == LONG ? v : op == INT ? (int) v : op == SHORT ? (short) v : (char) v;
    }

    private static ChunkFormatException notANumber(JfrType owner, int field) {
        JfrType.Field f = owner.fieldArray[field];
        return new ChunkFormatException("field " + owner.name + "." + f.name() + " is "
                + (f.array() ? "an array" : "not a number"));
    }
}
