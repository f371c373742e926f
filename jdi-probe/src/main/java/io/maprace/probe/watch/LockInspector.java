package io.maprace.probe.watch;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LongValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;

import io.maprace.findings.HeldLock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The locks a suspended thread holds: its monitors (one round trip), and the {@code java.util.concurrent}
 * locks reachable from the frames on its stack ({@code this} and static fields of each application frame's
 * class), telling exclusive ownership ({@code exclusiveOwnerThread}) from a read hold (shared).
 *
 * <p>Reads fields only: never runs target code, so it is safe whatever state the target is in.
 */
final class LockInspector {

    private static final String AOS = "java.util.concurrent.locks.AbstractOwnableSynchronizer";
    private static final String AQS = "java.util.concurrent.locks.AbstractQueuedSynchronizer";
    /** JDK 22+ builds ReentrantReadWriteLock's sync on the long-state variant (its read count in the high 32 bits). */
    private static final String AQLS = "java.util.concurrent.locks.AbstractQueuedLongSynchronizer";
    private static final String RRWL = "java.util.concurrent.locks.ReentrantReadWriteLock";
    private static final Set<String> LOCK_TYPES = Set.of("java.util.concurrent.locks.Lock",
            "java.util.concurrent.locks.ReadWriteLock", "java.util.concurrent.locks.ReentrantLock", RRWL,
            RRWL + "$ReadLock", RRWL + "$WriteLock");
    /** Application frames whose {@code this} is searched for lock fields. */
    private static final int FRAMES_SEARCHED = 12;

    private final Map<ReferenceType, List<Field>> instanceLockFields = new HashMap<>();
    private final Map<ReferenceType, List<Field>> staticLockFields = new HashMap<>();
    private final Map<ReferenceType, String> monitorClass = new HashMap<>();
    /** Per thread, lock and site: {whether it held a read lock there, inspections since}. */
    private final Map<String, int[]> readHoldAnswers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > 10_000;
        }
    };
    private static final int RECHECK_READ_HOLDS = 16;
    /** Lock object (a ReentrantLock, a ReadLock...) to its synchronizer; final fields, so cached. */
    private final Map<Long, ObjectReference> syncOf = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ObjectReference> eldest) {
            return size() > 10_000;
        }
    };

    /**
     * @param site the write site the thread is at: the read-hold answer (several round trips) is remembered per
     *             thread, lock and site, where the code takes the same locks each time, and asked again now and then
     */
    List<HeldLock> locks(ThreadReference thread, long javaThreadId, List<StackFrame> frames, String site)
            throws IncompatibleThreadStateException {
        List<HeldLock> held = new ArrayList<>();
        for (ObjectReference monitor : thread.ownedMonitors()) {
            held.add(new HeldLock(className(monitor), String.valueOf(monitor.uniqueID()), HeldLock.Mode.MONITOR));
        }
        Map<Long, ObjectReference> syncs = new LinkedHashMap<>();
        int searched = 0;
        for (StackFrame frame : frames) {
            ReferenceType type = frame.location().declaringType();
            if (StackReader.jdkClass(type.name())) {
                continue;
            }
            if (searched++ >= FRAMES_SEARCHED) {
                break;
            }
            List<Field> statics = staticLockFields.computeIfAbsent(type, t -> lockFields(t, true));
            if (!statics.isEmpty()) {
                collect(type.getValues(statics).values(), syncs);
            }
            List<Field> fields = instanceLockFields.computeIfAbsent(type, t -> lockFields(t, false));
            if (!fields.isEmpty()) {
                ObjectReference self = frame.thisObject();
                if (self != null) {
                    collect(self.getValues(fields).values(), syncs);
                }
            }
        }
        for (ObjectReference sync : syncs.values()) {
            HeldLock lock = heldBy(sync, thread, javaThreadId, site);
            if (lock != null) {
                held.add(lock);
            }
        }
        return held;
    }

    private void collect(Iterable<Value> values, Map<Long, ObjectReference> syncs) {
        for (Value v : values) {
            if (v instanceof ObjectReference lock) {
                ObjectReference sync = sync(lock);
                if (sync != null) {
                    syncs.putIfAbsent(sync.uniqueID(), sync);
                }
            }
        }
    }

    /** The AbstractQueuedSynchronizer behind a lock object, or null if it has none we understand. */
    private ObjectReference sync(ObjectReference lock) {
        ObjectReference known = syncOf.get(lock.uniqueID());
        if (known != null) {
            return known;
        }
        Field f = lock.referenceType().fieldByName("sync");
        Value v = f == null ? null : lock.getValue(f);
        if (v instanceof ObjectReference s && (subclassOf(s.referenceType(), AQS)
                || subclassOf(s.referenceType(), AQLS))) {
            syncOf.put(lock.uniqueID(), s);
            return s;
        }
        return null;
    }

    /**
     * Whether the thread holds this synchronizer: exclusively (its owner thread), or as one of the readers of a
     * {@code ReentrantReadWriteLock} (its own hold count, found the way the lock itself finds it).
     */
    private HeldLock heldBy(ObjectReference sync, ThreadReference thread, long javaThreadId, String site) {
        ReferenceType type = sync.referenceType();
        boolean readWrite = type.name().startsWith(RRWL + "$");
        String lockClass = readWrite ? RRWL : "java.util.concurrent.locks.ReentrantLock";
        String identity = String.valueOf(sync.uniqueID());
        Field owner = field(type, AOS, "exclusiveOwnerThread");
        Field state = field(type, AQS, "state");
        if (state == null) {
            state = field(type, AQLS, "state");
        }
        if (owner == null || state == null) {
            return null;
        }
        Map<Field, Value> values = sync.getValues(List.of(owner, state));
        if (thread.equals(values.get(owner))) {
            return new HeldLock(lockClass, identity, HeldLock.Mode.EXCLUSIVE);
        }
        if (!readWrite || readers(values.get(state)) == 0) {
            return null;
        }
        String key = javaThreadId + "|" + identity + "|" + site;
        int[] known = readHoldAnswers.get(key);
        if (known == null || ++known[1] % RECHECK_READ_HOLDS == 0) {
            boolean reads = readHolds(sync, type, thread, javaThreadId) > 0;
            known = new int[]{reads ? 1 : 0, known == null ? 0 : known[1]};
            readHoldAnswers.put(key, known);
        }
        return known[0] == 1 ? new HeldLock(lockClass, identity, HeldLock.Mode.SHARED) : null;
    }

    /** The read holds counted in a ReentrantReadWriteLock's state: the high half of an int or of a long. */
    private static long readers(Value state) {
        if (state instanceof IntegerValue s) {
            return s.value() >>> 16;
        }
        return state instanceof LongValue s ? s.value() >>> 32 : 0;
    }

    /** This thread's read hold count on a ReentrantReadWriteLock: first reader, cached counter, ThreadLocal. */
    private int readHolds(ObjectReference sync, ReferenceType type, ThreadReference thread, long javaThreadId) {
        Field firstReader = type.fieldByName("firstReader");
        Field firstCount = type.fieldByName("firstReaderHoldCount");
        Field cached = type.fieldByName("cachedHoldCounter");
        Field readHolds = type.fieldByName("readHolds");
        if (firstReader == null || cached == null || readHolds == null) {
            return 0;
        }
        Map<Field, Value> v = sync.getValues(List.of(firstReader, firstCount, cached, readHolds));
        if (thread.equals(v.get(firstReader))) {
            return v.get(firstCount) instanceof IntegerValue c ? c.value() : 1;
        }
        if (v.get(cached) instanceof ObjectReference counter) {
            int count = holdCount(counter, javaThreadId);
            if (count >= 0) {
                return count;
            }
        }
        return v.get(readHolds) instanceof ObjectReference local ? threadLocalCount(thread, local, javaThreadId) : 0;
    }

    /** A HoldCounter's count if it belongs to this thread, -1 otherwise. */
    private static int holdCount(ObjectReference counter, long javaThreadId) {
        Field tid = counter.referenceType().fieldByName("tid");
        Field count = counter.referenceType().fieldByName("count");
        if (tid == null || count == null) {
            return -1;
        }
        Map<Field, Value> v = counter.getValues(List.of(tid, count));
        if (v.get(tid) instanceof LongValue t && t.value() == javaThreadId && v.get(count) instanceof IntegerValue c) {
            return c.value();
        }
        return -1;
    }

    /** Looks the lock's ThreadLocal up in the thread's own ThreadLocalMap, as ThreadLocal.get would. */
    private static int threadLocalCount(ThreadReference thread, ObjectReference threadLocal, long javaThreadId) {
        Field mapField = field(thread.referenceType(), "java.lang.Thread", "threadLocals");
        Field hashField = field(threadLocal.referenceType(), "java.lang.ThreadLocal", "threadLocalHashCode");
        if (mapField == null || hashField == null) {
            return 0;
        }
        if (!(thread.getValue(mapField) instanceof ObjectReference map)
                || !(threadLocal.getValue(hashField) instanceof IntegerValue hash)) {
            return 0;
        }
        Field tableField = map.referenceType().fieldByName("table");
        if (tableField == null || !(map.getValue(tableField) instanceof ArrayReference table) || table.length() == 0) {
            return 0;
        }
        int len = table.length();
        for (int i = hash.value() & (len - 1), probes = 0; probes < len; i = (i + 1) & (len - 1), probes++) {
            if (!(table.getValue(i) instanceof ObjectReference entry)) {
                return 0;
            }
            Field referent = field(entry.referenceType(), "java.lang.ref.Reference", "referent");
            Field value = entry.referenceType().fieldByName("value");
            if (referent == null || value == null) {
                return 0;
            }
            Map<Field, Value> v = entry.getValues(List.of(referent, value));
            if (threadLocal.equals(v.get(referent))) {
                return v.get(value) instanceof ObjectReference counter ? Math.max(0, holdCount(counter, javaThreadId))
                        : 0;
            }
        }
        return 0;
    }

    /** Reads, ahead of the first hit, which lock fields a class has. */
    void warm(ReferenceType type) {
        staticLockFields.computeIfAbsent(type, t -> lockFields(t, true));
        instanceLockFields.computeIfAbsent(type, t -> lockFields(t, false));
    }

    private static List<Field> lockFields(ReferenceType type, boolean statics) {
        List<Field> out = new ArrayList<>();
        for (Field f : type.allFields()) {
            if (f.isStatic() == statics && LOCK_TYPES.contains(f.typeName())) {
                out.add(f);
            }
        }
        return out;
    }

    private String className(ObjectReference o) {
        return monitorClass.computeIfAbsent(o.referenceType(), ReferenceType::name);
    }

    private static boolean subclassOf(ReferenceType type, String name) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            if (t.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Field field(ReferenceType type, String declaring, String name) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            if (t.name().equals(declaring)) {
                return t.fieldByName(name);
            }
        }
        return null;
    }
}
