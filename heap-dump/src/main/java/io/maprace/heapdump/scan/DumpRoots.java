package io.maprace.heapdump.scan;

import io.maprace.heap.Heap;
import io.maprace.heap.HeapPath;
import io.maprace.heap.HeapWalker;
import io.maprace.heap.ThreadFields;
import io.maprace.heapdump.hprof.ClassInfo;
import io.maprace.heapdump.hprof.GcRoot;
import io.maprace.heapdump.hprof.HprofDump;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The roots of a dump as the walk takes them, named as a live scan names them: static fields
 * ({@code com.foo.Cache.ENTRIES}), what each thread holds ({@code Thread[worker-1].target}, and, which a live scan
 * cannot read without stopping the thread, the locals of its frames: {@code Thread[worker-1] at
 * com.foo.Worker.run(Worker.java:42)}), and JNI global references.
 */
final class DumpRoots {

    record Statics(List<HeapWalker.Root> roots, int classes, int fields) {
    }

    record ThreadRoots(String name, List<HeapWalker.Root> roots) {
    }

    private DumpRoots() {
    }

    /** Every static reference field of every class, classes by name (the first path to a map names it). */
    static Statics statics(HprofDump dump, DumpHeap heap) {
        List<ClassInfo> classes = new ArrayList<>(dump.classes());
        classes.sort(Comparator.comparing(ClassInfo::name));
        List<HeapWalker.Root> roots = new ArrayList<>();
        int fields = 0;
        int withFields = 0;
        for (ClassInfo c : classes) {
            boolean any = false;
            for (ClassInfo.Static s : c.statics()) {
                // <resolved_references> is HotSpot's cache of a class's constants, not a field of the program
                if (!s.isReference() || s.name().startsWith("<")) {
                    continue;
                }
                fields++;
                any = true;
                add(roots, HeapPath.ofStatic(c.name(), s.name()), heap.wrap(s.value()));
            }
            withFields += any ? 1 : 0;
        }
        return new Statics(roots, withFields, fields);
    }

    /** Objects held by JNI global references: reachable from any thread, as statics are. */
    static List<HeapWalker.Root> jniGlobals(HprofDump dump, DumpHeap heap) {
        List<HeapWalker.Root> roots = new ArrayList<>();
        for (GcRoot r : dump.roots()) {
            if (r.kind() == GcRoot.Kind.JNI_GLOBAL && r.object() != 0) {
                add(roots, new HeapPath(null, null, "JNI global", 0), heap.wrap(r.object()));
            }
        }
        return roots;
    }

    /** Each thread of the dump with what it holds: its Runnable, its own fields, and its frames' locals. */
    static List<ThreadRoots> threads(HprofDump dump, DumpHeap heap) {
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<Integer, List<HeapWalker.Root>> roots = new LinkedHashMap<>();
        for (GcRoot r : dump.roots()) {
            if (r.kind() != GcRoot.Kind.THREAD_OBJECT || r.object() == 0 || !dump.exists(r.object())) {
                continue;
            }
            Heap.Obj thread = heap.wrap(r.object());
            String name = threadName(heap, thread, r.thread());
            names.put(r.thread(), name);
            roots.put(r.thread(), new ArrayList<>(ThreadFields.roots(heap, thread, HeapPath.ofThread(name))));
        }
        for (GcRoot r : dump.roots()) {
            boolean local = r.kind() == GcRoot.Kind.JAVA_FRAME || r.kind() == GcRoot.Kind.JNI_LOCAL;
            if (!local || r.object() == 0 || !names.containsKey(r.thread())) {
                continue;
            }
            List<String> stack = dump.stack(r.thread());
            String frame = r.frame() >= 0 && r.frame() < stack.size() ? stack.get(r.frame())
                    : "frame " + r.frame();
            HeapPath path = HeapPath.ofThread(names.get(r.thread())).element(" at " + frame);
            add(roots.get(r.thread()), path, heap.wrap(r.object()));
        }
        List<ThreadRoots> out = new ArrayList<>();
        for (Map.Entry<Integer, String> t : names.entrySet()) {
            List<HeapWalker.Root> held = roots.get(t.getKey());
            if (!held.isEmpty()) {
                out.add(new ThreadRoots(t.getValue(), held));
            }
        }
        return out;
    }

    /**
     * What the threads were doing to one object when the dump was taken: the first frame of map code seen holding it,
     * the threads with such a frame, and whether each of them changes at most one entry at a time there.
     *
     * @param oneEntryAtATime every frame of map code on those threads' stacks is a write or read of one entry
     *                        ({@code putVal}, {@code removeNode}, {@code expungeStaleEntries}...) in a hash map, whose
     *                        count and table part by at most one entry each; a resize, a clear or a tree bin's
     *                        rebalancing moves many at once
     */
    record Writing(String frame, Set<Integer> threads, boolean oneEntryAtATime) {

        /** The most entries the size can differ by from what the table holds, from these writes half done. */
        int mostEntriesAstray() {
            return oneEntryAtATime ? threads.size() : Integer.MAX_VALUE;
        }

        /** The same object met in another frame: the first frame stays, the threads and their steps add up. */
        Writing and(Writing other) {
            Set<Integer> both = new TreeSet<>(threads);
            both.addAll(other.threads);
            return new Writing(frame, both, oneEntryAtATime && other.oneEntryAtATime);
        }
    }

    /**
     * The objects a thread was writing when the dump was taken: the locals of its frames in {@code java.util} map and
     * set code ({@code this} of a {@code HashMap.putVal}, of a {@code HashSet.add}), by id. A dump is written at a
     * safepoint, and a thread can reach one inside a write (at a call's return, say between linking a new entry into a
     * LinkedHashMap's order list and into its table), even a write under a lock.
     */
    static Map<Long, Writing> writingAtDump(HprofDump dump) {
        Map<Long, Writing> out = new HashMap<>();
        for (GcRoot r : dump.roots()) {
            if (r.kind() != GcRoot.Kind.JAVA_FRAME || r.object() == 0) {
                continue;
            }
            List<String> stack = dump.stack(r.thread());
            if (r.frame() < 0 || r.frame() >= stack.size()) {
                continue;
            }
            String frame = stack.get(r.frame());
            if (MAP_CODE.matcher(frame).lookingAt()) {
                out.merge(r.object(), new Writing(frame, Set.of(r.thread()), oneEntryAtATime(stack)), Writing::and);
            }
        }
        return out;
    }

    /** Whether every frame of map code on the stack is a one-entry step of a hash map (see {@link Writing}). */
    private static boolean oneEntryAtATime(List<String> stack) {
        for (String frame : stack) {
            if (MAP_CODE.matcher(frame).lookingAt() && !ONE_ENTRY.matcher(frame).lookingAt()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hash maps' methods that add, remove, relink or look up one entry, so that the count and the table part by
     * one entry at most while one runs ({@code LinkedHashMap}'s order list is checked apart). Not: resize, transfer,
     * clear, putAll, the tree bins' code, nor any method of {@code TreeMap} or {@code IdentityHashMap}.
     */
    private static final java.util.regex.Pattern ONE_ENTRY = java.util.regex.Pattern.compile(
            "java\\.util\\.(Linked)?Hash(Map|Set)\\.(put|putVal|putIfAbsent|remove|removeNode|get|getNode"
                    + "|getOrDefault|containsKey|contains|add|computeIfAbsent|compute|merge|hash|newNode"
                    + "|linkNodeLast|afterNodeAccess|afterNodeInsertion|afterNodeRemoval|removeEldestEntry)\\("
                    + "|java\\.util\\.WeakHashMap\\.(put|remove|get|getEntry|getOrDefault|containsKey"
                    + "|expungeStaleEntries|getTable|size|isEmpty|hash|eq|indexFor|maskNull|unmaskNull)\\(");

    /** A frame in the JDK's own map or set code: {@code java.util.LinkedHashMap.afterNodeInsertion(...)}. */
    private static final java.util.regex.Pattern MAP_CODE = java.util.regex.Pattern.compile(
            "java\\.util\\.(Linked)?Hash(Map|Set)|java\\.util\\.(WeakHashMap|TreeMap|TreeSet|IdentityHashMap)");

    /** Adds a root unless its object is missing from the dump. */
    private static void add(List<HeapWalker.Root> roots, HeapPath path, Heap.Obj value) {
        if (value != null) {
            roots.add(new HeapWalker.Root(path, value));
        }
    }

    private static String threadName(DumpHeap heap, Heap.Obj thread, int serial) {
        Object name = heap.read(thread, List.of("name")).get("name");
        String s = name instanceof Heap.Obj o ? heap.string(o) : null;
        return s != null ? s : "thread-" + serial;
    }
}
