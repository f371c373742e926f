package io.maprace.heap;

/**
 * One broken invariant found in a map's internals.
 *
 * @param check stable code ({@code bin-cycle}, {@code size-mismatch}, {@code tree-red-red}...)
 * @param detail what was found, in a sentence, without keys or values unless asked for
 * @param structural true when no single write in progress can produce it (a loop in a plain bin, an entry in the
 *                   wrong bucket): seen twice, it is proof even on a map that is being written
 * @param where what identifies this defect across two reads (a bin, a node), to tell a lasting defect from a
 *              glimpse of a write in progress
 */
public record Defect(String check, String detail, boolean structural, String where) {

    /**
     * The check of a count that differs from the entries the map holds: writes in flight can show it too, so what
     * judges damage (a dump with a writer in it, a fix planned on a running map) looks at it apart.
     */
    public static final String SIZE_MISMATCH = "size-mismatch";

    String key() {
        return check + "@" + where;
    }
}
