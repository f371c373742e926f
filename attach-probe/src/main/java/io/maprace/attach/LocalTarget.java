package io.maprace.attach;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.probe.target.JdwpStatus;
import io.maprace.probe.target.JvmDescriptor;
import io.maprace.probe.target.LocalJvms;
import io.maprace.probe.target.TargetSpec;

import java.time.Duration;

/**
 * A local JVM named as the live commands take it (a pid, a main class or a unique part of it), checked and
 * described through the Attach API: the Attach-API commands need nothing on the target's command line, but a
 * JDWP address is no target for them.
 */
public record LocalTarget(long pid, JvmDescriptor jvm) {

    /** Resolves and describes the target; the bad cases fail fast with their one-line problem. */
    public static LocalTarget resolve(String text, String verb, Duration timeout) {
        TargetSpec spec = TargetSpec.parse(text);
        if (spec instanceof TargetSpec.Socket s) {
            throw new MapraceException(Problem.USAGE, "'" + s.text() + "' is a JDWP address; " + verb
                    + " works through the Attach API on a local JVM — name it by pid or main class");
        }
        long pid = LocalJvms.resolve(spec);
        return new LocalTarget(pid, LocalJvms.describe(pid, timeout));
    }

    /** {@code pid 1234 (com.foo.Main, JDK 17)}. */
    public String label() {
        return jvm.label();
    }

    /** Whether the JVM was started with a JDWP agent that maprace can reach (now, or once started). */
    public boolean hasJdwp() {
        JdwpStatus j = jvm.jdwp();
        return j != null && (j.state() == JdwpStatus.State.LISTENING || j.state() == JdwpStatus.State.DORMANT);
    }
}
