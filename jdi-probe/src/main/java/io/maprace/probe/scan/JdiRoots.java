package io.maprace.probe.scan;

import com.sun.jdi.ArrayType;
import com.sun.jdi.ClassNotPreparedException;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import io.maprace.heap.Containers;
import io.maprace.heap.Heap;
import io.maprace.heap.HeapPath;
import io.maprace.heap.ThreadFields;
import io.maprace.heap.HeapWalker;
import io.maprace.heap.ScanBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The roots of a scan in a live target: the static fields of the loaded application and library classes (JDK
 * classes are skipped: their statics hold the JDK's own state), and the fields of each live thread that lead to
 * application objects (its {@code Runnable}, and fields declared by application subclasses of {@code Thread}).
 */
final class JdiRoots {

    /** The static roots, and how many classes and fields were read to find them. */
    record Statics(List<HeapWalker.Root> roots, int classes, int fields) {
    }

    /** One live thread and the roots it holds. */
    record ThreadRoots(String name, List<HeapWalker.Root> roots) {
    }

    private JdiRoots() {
    }

    /** @param unreadable told of each class whose static fields could not be read (then skipped) */
    static Statics statics(VirtualMachine vm, ExecutorService pool, ScanBudget budget,
                           Consumer<RuntimeException> unreadable) {
        List<ReferenceType> classes = new ArrayList<>();
        for (ReferenceType t : vm.allClasses()) {
            if (t instanceof ArrayType || !t.isPrepared() || Containers.isJdk(t.name())) {
                continue;
            }
            classes.add(t);
        }
        List<Callable<List<HeapWalker.Root>>> tasks = new ArrayList<>();
        int[] fieldCount = {0};
        for (int i = 0; i < classes.size(); i += 64) {
            List<ReferenceType> batch = classes.subList(i, Math.min(classes.size(), i + 64));
            tasks.add(() -> {
                List<HeapWalker.Root> roots = new ArrayList<>();
                for (ReferenceType t : batch) {
                    if (budget.expired()) {
                        break;
                    }
                    roots.addAll(staticsOf(t, fieldCount, unreadable));
                }
                return roots;
            });
        }
        List<HeapWalker.Root> roots = new ArrayList<>();
        try {
            for (Future<List<HeapWalker.Root>> f : pool.invokeAll(tasks)) {
                roots.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        return new Statics(roots, classes.size(), fieldCount[0]);
    }

    private static List<HeapWalker.Root> staticsOf(ReferenceType t, int[] fieldCount,
                                                   Consumer<RuntimeException> unreadable) {
        List<Field> fields = new ArrayList<>();
        try {
            for (Field f : t.fields()) {
                if (f.isStatic() && JdiHeap.isReference(f.signature())) {
                    fields.add(f);
                }
            }
            if (fields.isEmpty()) {
                return List.of();
            }
            synchronized (fieldCount) {
                fieldCount[0] += fields.size();
            }
            Map<Field, Value> values = t.getValues(fields);
            List<HeapWalker.Root> roots = new ArrayList<>();
            for (Field f : fields) {
                if (values.get(f) instanceof ObjectReference r) {
                    roots.add(new HeapWalker.Root(HeapPath.ofStatic(t.name(), f.name()), JdiObj.wrap(r)));
                }
            }
            return roots;
        } catch (ClassNotPreparedException | ObjectCollectedException e) {
            // unloaded meanwhile
            return List.of();
        } catch (VMDisconnectedException e) {
            throw e;
        } catch (RuntimeException e) {
            // One class the agent will not read (a JDWP error on a hidden or half-loaded class) costs that class.
            unreadable.accept(e);
            return List.of();
        }
    }

    /** The live threads and what they reach through their own fields. */
    /** @param unreadable told of each thread whose fields could not be read (then skipped) */
    static List<ThreadRoots> threads(VirtualMachine vm, Heap heap, Consumer<RuntimeException> unreadable) {
        List<ThreadRoots> out = new ArrayList<>();
        for (ThreadReference t : vm.allThreads()) {
            try {
                String name = t.name();
                Heap.Obj thread = JdiObj.wrap(t);
                List<HeapWalker.Root> roots = ThreadFields.roots(heap, thread, HeapPath.ofThread(name));
                if (!roots.isEmpty()) {
                    out.add(new ThreadRoots(name, roots));
                }
            } catch (ObjectCollectedException | Heap.ObjectGoneException e) {
                // the thread ended meanwhile
            } catch (VMDisconnectedException e) {
                throw e;
            } catch (RuntimeException e) {
                unreadable.accept(e);
            }
        }
        return out;
    }
}
