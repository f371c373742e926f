package io.maprace.heap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a thread holds through its own fields, as every scan reads it (a live JVM, a heap dump): its Runnable (JDK 17
 * keeps it in {@code Thread.target}, JDK 19+ in {@code Thread.holder.task}) and, for an application subclass of
 * {@code Thread}, the fields that subclass declares.
 */
public final class ThreadFields {

    private ThreadFields() {
    }

    /** The roots a thread's fields give, named from {@code base} ({@code Thread[worker-1]}). */
    public static List<HeapWalker.Root> roots(Heap heap, Heap.Obj thread, HeapPath base) {
        List<HeapWalker.Root> roots = new ArrayList<>();
        Map<String, Object> f = heap.read(thread, List.of("java.lang.Thread#target", "java.lang.Thread#holder"));
        if (f.get("java.lang.Thread#target") instanceof Heap.Obj target) {
            roots.add(new HeapWalker.Root(base.field("java.lang.Thread", "target"), target));
        }
        if (f.get("java.lang.Thread#holder") instanceof Heap.Obj holder
                && heap.read(holder, List.of("task")).get("task") instanceof Heap.Obj task) {
            roots.add(new HeapWalker.Root(base.field("java.lang.Thread", "task"), task));
        }
        if (!Containers.isJdk(heap.classOf(thread).name())) {
            for (Heap.FieldValue fv : heap.referenceFields(thread)) {
                if (!Containers.isJdk(fv.owner())) {
                    roots.add(new HeapWalker.Root(base.field(fv.owner(), fv.name()), fv.value()));
                }
            }
        }
        return roots;
    }
}
