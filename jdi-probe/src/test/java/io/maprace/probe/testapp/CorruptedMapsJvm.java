package io.maprace.probe.testapp;

import io.maprace.testkit.ChildJvm;

import java.util.ArrayList;
import java.util.List;

/** Starts {@link CorruptedMapsTarget} for a test (kept apart: the target's own class path has no test kit). */
public final class CorruptedMapsJvm {

    private CorruptedMapsJvm() {
    }

    /** In a child JVM with a JDWP agent listening; returns once it is ready. */
    public static ChildJvm start(String... args) throws Exception {
        List<String> jvm = new ArrayList<>(ChildJvm.OPENS);
        jvm.add(ChildJvm.JDWP);
        return ChildJvm.start(ChildJvm.currentJavaHome(), jvm, CorruptedMapsTarget.classpath(),
                CorruptedMapsTarget.class.getName(), args).ready();
    }
}
