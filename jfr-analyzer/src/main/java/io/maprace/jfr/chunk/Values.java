package io.maprace.jfr.chunk;

/**
 * Skips and reads values as the metadata lays them out. A value is a primitive, a string, a struct (its fields in
 * order), an array (a count, then the elements) or, for a constant-pool field, the key of a pooled value.
 */
final class Values {

    /** Structs hold structs a few levels deep; a cycle of inline types would be a damaged metadata. */
    private static final int MAX_DEPTH = 16;

    private Values() {
    }

    static void skipField(ChunkInput in, JfrType owner, int field) throws ChunkFormatException {
        JfrType.Field f = owner.fieldArray[field];
        skip(in, owner.fieldTypes[field], f.array(), f.constantPool(), 0);
    }

    private static void skip(ChunkInput in, JfrType type, boolean array, boolean constantPool, int depth)
            throws ChunkFormatException {
        if (array) {
            int n = in.readCount();
            for (int i = 0; i < n; i++) {
                skip(in, type, false, constantPool, depth);
            }
        } else if (constantPool) {
            in.readLong();
        } else {
            skipValue(in, type, depth);
        }
    }

    static void skipValue(ChunkInput in, JfrType type, int depth) throws ChunkFormatException {
        switch (type.kind) {
            case BOOLEAN:
            case BYTE:
                in.u1();
                return;
            case CHAR:
                in.readChar();
                return;
            case SHORT:
                in.readShort();
                return;
            case INT:
                in.readInt();
                return;
            case LONG:
                in.readLong();
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
                if (depth >= MAX_DEPTH) {
                    throw new ChunkFormatException("type " + type.name + " nests deeper than " + MAX_DEPTH);
                }
                if (type.fieldArray.length == 0) {
                    throw new ChunkFormatException("type " + type.name + " has no fields and is not a primitive");
                }
                for (int i = 0; i < type.fieldArray.length; i++) {
                    JfrType.Field f = type.fieldArray[i];
                    skip(in, type.fieldTypes[i], f.array(), f.constantPool(), depth + 1);
                }
        }
    }

    /**
     * A field holding an integer, a boolean or a constant-pool key, as a long; for a string field, use
     * {@link Strings}. Integer values are widened as the JDK's parser widens them (a negative int stays negative).
     */
    static long readNumber(ChunkInput in, JfrType owner, int field) throws ChunkFormatException {
        JfrType.Field f = owner.fieldArray[field];
        if (f.array()) {
            throw new ChunkFormatException("field " + owner.name + "." + f.name() + " is an array");
        }
        if (f.constantPool()) {
            return in.readLong();
        }
        switch (owner.fieldTypes[field].kind) {
            case BOOLEAN:
            case BYTE:
                return in.u1();
            case CHAR:
                return in.readChar();
            case SHORT:
                return in.readShort();
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            default:
                throw new ChunkFormatException("field " + owner.name + "." + f.name() + " is not a number");
        }
    }
}
