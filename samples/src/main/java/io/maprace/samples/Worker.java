package io.maprace.samples;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A daemon thread that runs one step of a sample over and over and counts the steps. Daemon, so that a thread
 * spinning forever inside a corrupted map never keeps the JVM alive.
 */
public final class Worker {

    /** What a worker does to the sample's shared map. */
    public enum Role {
        /** Each step calls at least one write method of the shared map. */
        WRITER,
        /** Each step only reads shared state. */
        READER,
        /** A periodic helper (janitor, GC pressure); its steps are separated by a pause. */
        HELPER,
        /** One step that is expected never to return (a thread stuck in a corrupted map). */
        SPINNER
    }

    private static final VarHandle OPS;

    static {
        try {
            OPS = MethodHandles.lookup().findVarHandle(Worker.class, "ops", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Workers owner;
    private final Role role;
    private final Runnable step;
    private final long pauseMillis;
    private final int opsPerStep;
    private final Thread thread;
    /** Operations done: written only by this worker's thread (release), read by the reporter (acquire). */
    @SuppressWarnings("unused")
    private long ops;
    private volatile boolean entered;

    Worker(Workers owner, Role role, String name, Runnable step, long pauseMillis, int opsPerStep) {
        this.owner = owner;
        this.role = role;
        this.step = step;
        this.pauseMillis = pauseMillis;
        this.opsPerStep = opsPerStep;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        entered = true;
        long done = 0;
        while (owner.running()) {
            try {
                step.run();
            } catch (RuntimeException | StackOverflowError e) {
                // A racy map may throw (ClassCastException from a half-treeified bin, NullPointerException...):
                // count it as a symptom and keep the write rate up.
                owner.recordError(this, e);
            } catch (Error e) {
                owner.recordFatal(this, e);
                throw e;
            }
            done += opsPerStep;
            OPS.setRelease(this, done);
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    public Role role() {
        return role;
    }

    public String name() {
        return thread.getName();
    }

    public Thread thread() {
        return thread;
    }

    /** Operations completed so far: steps times the operations per step. */
    public long ops() {
        return (long) OPS.getAcquire(this);
    }

    /** Whether the thread has begun its first step. */
    public boolean entered() {
        return entered;
    }
}
