package io.maprace.probe.fix;

import com.sun.jdi.ClassType;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs code in the target on a thread held by an event, one thread only ({@code INVOKE_SINGLE_THREADED}), under
 * a time limit: invoked code that waits for a monitor a held thread owns would otherwise never return. On a
 * timeout the caller gives up the swap and releases every thread (the invocation then completes).
 */
final class Invoker {

    private final VirtualMachine vm;
    private final ThreadReference thread;
    private final long timeoutMillis;

    Invoker(VirtualMachine vm, ThreadReference thread, long timeoutMillis) {
        this.vm = vm;
        this.thread = thread;
        this.timeoutMillis = timeoutMillis;
    }

    ThreadReference thread() {
        return thread;
    }

    VirtualMachine vm() {
        return vm;
    }

    /** A static method of a loaded class, by name and JNI signature. */
    Value callStatic(String className, String name, String signature, List<? extends Value> args) {
        return callStatic(loaded(className), name, signature, args);
    }

    /** A static method of {@code c} (a class just defined, not yet prepared, included: the call initializes it). */
    Value callStatic(ClassType c, String name, String signature, List<? extends Value> args) {
        String className = c.name();
        Method m = c.concreteMethodByName(name, signature);
        if (m == null) {
            throw new IllegalStateException(className + " has no method " + name + signature);
        }
        keepAll(args);
        return kept(run(() -> c.invokeMethod(thread, m, args, ClassType.INVOKE_SINGLE_THREADED)));
    }

    /** An instance method, found from the object's class (private and protected ones included). */
    Value call(ObjectReference target, String declaringClass, String name, String signature,
               List<? extends Value> args) {
        Method m = null;
        for (ReferenceType t = target.referenceType(); t != null && m == null;
             t = t instanceof ClassType c ? c.superclass() : null) {
            if (t.name().equals(declaringClass) || declaringClass == null) {
                m = ((ClassType) t).concreteMethodByName(name, signature);
            }
        }
        if (m == null) {
            throw new IllegalStateException(target.referenceType().name() + " has no method " + name + signature);
        }
        Method method = m;
        keepAll(args);
        return kept(run(() -> target.invokeMethod(thread, method, args, ObjectReference.INVOKE_SINGLE_THREADED
                | (method.declaringType() instanceof ClassType && !method.isPrivate() && declaringClass != null
                ? ObjectReference.INVOKE_NONVIRTUAL : 0))));
    }

    /** A JDK class, loaded (and initialized) through {@code Class.forName} on the held thread if need be. */
    ClassType load(String className) {
        for (ReferenceType t : vm.classesByName(className)) {
            if (t instanceof ClassType c && t.isPrepared()) {
                return c;
            }
        }
        com.sun.jdi.ClassObjectReference c = (com.sun.jdi.ClassObjectReference) callStatic("java.lang.Class",
                "forName", "(Ljava/lang/String;)Ljava/lang/Class;", List.of(string(vm, className)));
        return (ClassType) c.reflectedType();
    }

    ClassType loaded(String className) {
        for (ReferenceType t : vm.classesByName(className)) {
            if (t instanceof ClassType c && t.isPrepared()) {
                return c;
            }
        }
        throw new IllegalStateException(className + " is not loaded in the target");
    }

    /**
     * The objects passed to a call, kept from the collector: a String mirrored a moment ago, or an object an
     * earlier call returned, is otherwise garbage the target may collect before the call (seen on a target under
     * GC pressure: ObjectCollectedException in the argument check). The session's detach releases them.
     */
    private static void keepAll(List<? extends Value> args) {
        args.forEach(Invoker::kept);
    }

    /**
     * An object made in the target by {@code make} (a mirrored String, a new array, a factory's result), kept
     * from the collector. Nothing in the target refers to it until it is kept, so a GC in between collects it
     * (seen on a target under GC pressure: ObjectCollectedException): it is made again, a few times.
     */
    static <T extends ObjectReference> T created(java.util.function.Supplier<T> make) {
        for (int attempt = 0; ; attempt++) {
            try {
                return kept(make.get());
            } catch (com.sun.jdi.ObjectCollectedException e) {
                if (attempt == 4) {
                    throw e;
                }
            }
        }
    }

    /**
     * A new instance of {@code type} made by its constructor {@code ctor} on {@code thread} (only that thread runs),
     * kept from the collector as {@link #created} keeps it.
     */
    static ObjectReference construct(ClassType type, ThreadReference thread, Method ctor, List<? extends Value> args) {
        return created(() -> {
            try {
                return type.newInstance(thread, ctor, args, ClassType.INVOKE_SINGLE_THREADED);
            } catch (com.sun.jdi.InvalidTypeException | com.sun.jdi.ClassNotLoadedException
                     | com.sun.jdi.IncompatibleThreadStateException | com.sun.jdi.InvocationException e) {
                throw new IllegalStateException("could not create a new " + type.name() + " in the target", e);
            }
        });
    }

    /** A String mirrored into the target, kept from the collector. */
    static com.sun.jdi.StringReference string(VirtualMachine vm, String s) {
        return created(() -> vm.mirrorOf(s));
    }

    /** An object created in the target, kept from the collector until the fix is done with it. */
    static <T extends Value> T kept(T v) {
        if (v instanceof ObjectReference o) {
            o.disableCollection();
        }
        return v;
    }

    private interface Call {
        Value run() throws Exception;
    }

    private Value run(Call call) {
        FutureTask<Value> task = new FutureTask<>(call::run);
        Thread t = new Thread(task, "maprace-fix-invoke");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new InvokeTimeout("code run in the target on " + thread.name() + " did not return within "
                    + timeoutMillis + " ms (a held thread owns a lock it needs?)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof com.sun.jdi.InvocationException ie) {
                throw new IllegalStateException("the target threw " + ie.exception().referenceType().name()
                        + " in code maprace ran", ie);
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MapraceException(Problem.FIX_INTERRUPTED, "interrupted while running code in the target", e);
        }
    }

    /** Invoked code that did not return in time: the swap is abandoned before any reference changed. */
    static final class InvokeTimeout extends RuntimeException {
        InvokeTimeout(String message) {
            super(message);
        }
    }
}
