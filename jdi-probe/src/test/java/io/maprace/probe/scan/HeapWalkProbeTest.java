package io.maprace.probe.scan;

import com.sun.jdi.ClassType;
import com.sun.jdi.InternalException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import io.maprace.progress.Progress;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The heap walk over a JVM whose classes come and go: a class unloaded between the listing and the count (JDWP
 * error 21 for the whole count request), one that is not prepared yet (error 22), one unloaded before its
 * instances are fetched. Each is left out and counted by reason; the other classes are counted and read.
 */
class HeapWalkProbeTest {

    private static final int INVALID_CLASS = 21;
    private static final int CLASS_NOT_PREPARED = 22;
    /** Instances per class, as the JVM counts them. */
    private static final Map<String, Long> COUNTS = Map.of("com.example.LiveCache", 3L,
            "com.example.GoneBeforeRead", 2L);

    @Test
    void aClassThatGoesAwayIsSkippedAndCountedNotTheScan() {
        ClassType object = type("java.lang.Object", null, 0, 0, null);
        ClassType abstractMap = type("java.util.AbstractMap", object, 0, 0, null);
        ClassType live = type("com.example.LiveCache", type("java.util.HashMap", abstractMap, 0, 0, null), 3, 0,
                null);
        ClassType unloaded = type("com.example.Unloaded", type("java.util.HashMap", abstractMap, 0, 0, null), 0, 0,
                new InternalException("gone", INVALID_CLASS));
        ClassType unprepared = type("com.example.Unprepared", null, 0, 0,
                new InternalException("not prepared", CLASS_NOT_PREPARED));
        ClassType goneBeforeRead = type("com.example.GoneBeforeRead",
                type("java.util.HashMap", abstractMap, 0, 0, null), 2, INVALID_CLASS, null);
        VirtualMachine vm = vm(List.of(live, unloaded, unprepared, goneBeforeRead));

        HeapWalkProbe.Result r = HeapWalkProbe.run(vm, Map.of(), Set.of(), 100, Progress.NONE);

        assertEquals(3, r.unreached().size(), "the live class's three instances are read");
        assertEquals(5, r.total(), "instances counted: the live class's and the one gone before its read");
        assertEquals(Map.of("unloaded", 2L, "not-prepared", 1L), r.skipped());
    }

    /**
     * A map class proxy: its superclass, its instances, the JDWP error its {@code instances} call fails with
     * ({@code readError}, 0 for none), and what reading its superclass throws (null: nothing).
     */
    private static ClassType type(String name, ClassType superclass, int instances, int readError,
                                  RuntimeException unprepared) {
        return (ClassType) Proxy.newProxyInstance(HeapWalkProbeTest.class.getClassLoader(),
                new Class<?>[]{ClassType.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "name" -> name;
                    case "superclass" -> {
                        if (unprepared != null) {
                            throw unprepared;
                        }
                        yield superclass;
                    }
                    case "isPrepared" -> true;
                    case "instances" -> {
                        if (readError != 0) {
                            throw new InternalException("gone", readError);
                        }
                        yield java.util.stream.IntStream.range(0, instances).mapToObj(i -> object(name, i)).toList();
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> name;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ObjectReference object(String type, int i) {
        long id = (long) type.hashCode() * 31 + i;
        return (ObjectReference) Proxy.newProxyInstance(HeapWalkProbeTest.class.getClassLoader(),
                new Class<?>[]{ObjectReference.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "uniqueID" -> id;
                    case "hashCode" -> Long.hashCode(id);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type + "@" + i;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A VM whose count request fails as the JDWP agent's does when one class of it was unloaded. */
    private static VirtualMachine vm(List<ClassType> classes) {
        return (VirtualMachine) Proxy.newProxyInstance(HeapWalkProbeTest.class.getClassLoader(),
                new Class<?>[]{VirtualMachine.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "allClasses" -> List.<ReferenceType>copyOf(classes);
                    case "instanceCounts" -> {
                        @SuppressWarnings("unchecked")
                        List<ReferenceType> asked = (List<ReferenceType>) args[0];
                        long[] out = new long[asked.size()];
                        for (int i = 0; i < out.length; i++) {
                            if (asked.get(i).name().equals("com.example.Unloaded")) {
                                throw new InternalException("gone", INVALID_CLASS);
                            }
                            out[i] = COUNTS.getOrDefault(asked.get(i).name(), 0L);
                        }
                        yield out;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
