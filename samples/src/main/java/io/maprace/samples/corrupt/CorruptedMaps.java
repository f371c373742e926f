package io.maprace.samples.corrupt;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.SampleSetupException;
import io.maprace.samples.Workers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * Corruption, for the integrity checks of the live {@code scan} command: idles (no worker threads) while holding, in
 * the static fields below, one map per kind of damage and one healthy map per type as a control. Nothing in this
 * JVM touches the maps after building them: several would hang the thread that looks a key up. Needs
 * {@code --add-opens java.base/java.util=ALL-UNNAMED}.
 *
 * <table>
 * <caption>What each field holds</caption>
 * <tr><th>Field</th><th>Type</th><th>Contents</th><th>What is broken</th></tr>
 * <tr><td>{@link #HASH_MAP_BIN_CYCLE}</td><td>HashMap</td><td>3 keys of one hash code, one list bin, table 64</td>
 *     <td>the bin's {@code next} chain is a cycle (last node points to the first)</td></tr>
 * <tr><td>{@link #HASH_MAP_TREE_BIN_CYCLE}</td><td>HashMap</td><td>12 keys of one hash code, one tree bin, table
 *     64</td><td>a leaf's {@code right} is the tree's root: a cycle in the red-black links</td></tr>
 * <tr><td>{@link #HASH_MAP_ENTRY_IN_WRONG_BIN}</td><td>HashMap</td><td>8 keys {@code key-0..7}, table 16</td>
 *     <td>{@code key-3} sits in the bin after its own; {@code get("key-3")} misses it</td></tr>
 * <tr><td>{@link #HASH_MAP_SIZE_MISMATCH}</td><td>HashMap</td><td>8 keys</td>
 *     <td>{@code size} is 13, the table holds 8</td></tr>
 * <tr><td>{@link #HASH_MAP_NEGATIVE_SIZE}</td><td>HashMap</td><td>8 keys</td><td>{@code size} is -3</td></tr>
 * <tr><td>{@link #HASH_MAP_TREE_BIN_RED_RED}</td><td>HashMap</td><td>one tree bin of 12</td>
 *     <td>a child of the root and one of its children are both red</td></tr>
 * <tr><td>{@link #HASH_MAP_TREE_BIN_BAD_PARENT}</td><td>HashMap</td><td>one tree bin of 12</td>
 *     <td>a leaf's {@code parent} is not the node whose {@code left}/{@code right} holds it (no cycle)</td></tr>
 * <tr><td>{@link #LINKED_HASH_MAP_LIST_CUT}</td><td>LinkedHashMap</td><td>10 keys, insertion order</td>
 *     <td>the 5th entry's {@code after} is null: from {@code head} 5 entries, {@code tail} unreachable; the
 *     {@code before} links and the table still have all 10</td></tr>
 * <tr><td>{@link #WEAK_HASH_MAP_CLEARED_KEYS}</td><td>WeakHashMap</td><td>10 keys, 6 live (held by
 *     {@link #WEAK_KEYS})</td><td>4 entries' references were cleared without being enqueued: dead, never
 *     expunged, still counted by {@code size}</td></tr>
 * <tr><td>{@link #TREE_MAP_CYCLE}</td><td>TreeMap</td><td>10 keys</td>
 *     <td>the greatest entry's {@code right} is the root: a cycle</td></tr>
 * <tr><td>{@link #TREE_MAP_BAD_ORDER}</td><td>TreeMap</td><td>10 keys</td>
 *     <td>the root and its left child swapped keys: search order broken, links intact</td></tr>
 * <tr><td>{@link #HEALTHY_HASH_MAP}</td><td>HashMap</td><td>8 keys</td><td>nothing</td></tr>
 * <tr><td>{@link #HEALTHY_HASH_MAP_TREE_BIN}</td><td>HashMap</td><td>one tree bin of 12</td><td>nothing</td></tr>
 * <tr><td>{@link #HEALTHY_LINKED_HASH_MAP}</td><td>LinkedHashMap</td><td>10 keys</td><td>nothing</td></tr>
 * <tr><td>{@link #HEALTHY_WEAK_HASH_MAP}</td><td>WeakHashMap</td><td>10 keys, all held by {@link #WEAK_KEYS}</td>
 *     <td>nothing</td></tr>
 * <tr><td>{@link #HEALTHY_TREE_MAP}</td><td>TreeMap</td><td>10 keys</td><td>nothing</td></tr>
 * </table>
 *
 * <p>Every field is null if the JVM refused access to {@code java.util} internals; the program then exits with 2.
 */
public final class CorruptedMaps implements SampleProgram {

    /** The keys of the weak maps that must stay alive (the live ones). */
    public static final List<Object> WEAK_KEYS = new ArrayList<>();

    public static final HashMap<String, String> HASH_MAP_BIN_CYCLE = Corruptions.attempt(Corruptions::binCycle);
    public static final HashMap<String, String> HASH_MAP_TREE_BIN_CYCLE =
            Corruptions.attempt(Corruptions::treeBinCycle);
    public static final HashMap<String, String> HASH_MAP_ENTRY_IN_WRONG_BIN =
            Corruptions.attempt(Corruptions::entryInWrongBin);
    public static final HashMap<String, String> HASH_MAP_SIZE_MISMATCH =
            Corruptions.attempt(Corruptions::sizeMismatch);
    public static final HashMap<String, String> HASH_MAP_NEGATIVE_SIZE =
            Corruptions.attempt(Corruptions::negativeSize);
    public static final HashMap<String, String> HASH_MAP_TREE_BIN_RED_RED =
            Corruptions.attempt(Corruptions::treeBinRedRed);
    public static final HashMap<String, String> HASH_MAP_TREE_BIN_BAD_PARENT =
            Corruptions.attempt(Corruptions::treeBinBadParent);
    public static final LinkedHashMap<String, String> LINKED_HASH_MAP_LIST_CUT =
            Corruptions.attempt(Corruptions::linkedListCut);
    public static final WeakHashMap<Object, String> WEAK_HASH_MAP_CLEARED_KEYS =
            Corruptions.attempt(() -> Corruptions.weakClearedKeys(WEAK_KEYS));
    public static final TreeMap<String, String> TREE_MAP_CYCLE = Corruptions.attempt(Corruptions::treeMapCycle);
    public static final TreeMap<String, String> TREE_MAP_BAD_ORDER = Corruptions.attempt(Corruptions::treeMapBadOrder);

    public static final HashMap<String, String> HEALTHY_HASH_MAP = Corruptions.attempt(Corruptions::plain);
    public static final HashMap<String, String> HEALTHY_HASH_MAP_TREE_BIN = Corruptions.attempt(Corruptions::treeBin);
    public static final LinkedHashMap<String, String> HEALTHY_LINKED_HASH_MAP =
            Corruptions.attempt(Corruptions::linked);
    public static final WeakHashMap<Object, String> HEALTHY_WEAK_HASH_MAP =
            Corruptions.attempt(() -> Corruptions.weak(WEAK_KEYS));
    public static final TreeMap<String, String> HEALTHY_TREE_MAP = Corruptions.attempt(Corruptions::tree);

    /** A new map with the damage of {@link #HASH_MAP_TREE_BIN_RED_RED}, for a program that holds it elsewhere. */
    public static HashMap<String, String> newTreeBinRedRed() {
        return Corruptions.attempt(Corruptions::treeBinRedRed);
    }

    public static void main(String[] args) {
        SampleMain.main(new CorruptedMaps(), args);
    }

    @Override
    public String name() {
        return "corrupted-maps";
    }

    @Override
    public void start(SampleOptions options, Workers workers) throws SampleSetupException {
        Corruptions.requireAccess();
    }

    /** The names of the static map fields, corrupted ones first (in declaration order). */
    public static List<String> mapFieldNames() {
        List<String> names = new ArrayList<>();
        for (Field field : CorruptedMaps.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && java.util.Map.class.isAssignableFrom(field.getType())) {
                names.add(field.getName());
            }
        }
        return names;
    }

    @Override
    public String facts() {
        List<String> names = mapFieldNames();
        long healthy = names.stream().filter(n -> n.startsWith("HEALTHY_")).count();
        return "corrupted=" + (names.size() - healthy) + " healthy=" + healthy;
    }
}
