package io.maprace.probe.target;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TargetSpecTest {

    @Test
    void pidsHostPortsAndMainClasses() {
        assertEquals(new TargetSpec.Pid(1234), TargetSpec.parse("1234"));
        assertEquals(new TargetSpec.Socket("127.0.0.1", 5005), TargetSpec.parse("127.0.0.1:5005"));
        assertEquals(new TargetSpec.Socket("db-host.example", 8000), TargetSpec.parse("db-host.example:8000"));
        assertEquals(new TargetSpec.Socket("::1", 5005), TargetSpec.parse("[::1]:5005"));
        assertEquals(new TargetSpec.Socket("127.0.0.1", 5005), TargetSpec.parse(":5005"));
        assertEquals(new TargetSpec.MainClass("com.foo.OrderService"), TargetSpec.parse("com.foo.OrderService"));
        assertEquals(new TargetSpec.MainClass("Order"), TargetSpec.parse(" Order "));
        assertEquals(new TargetSpec.MainClass("app.jar"), TargetSpec.parse("app.jar"));
    }

    @Test
    void mainClassFromACommandLine() {
        assertEquals("com.foo.Main", LocalJvms.mainClassOfCommandLine(java.util.List.of("/usr/bin/java", "-Xmx1g",
                "-cp", "a.jar:b.jar", "--add-opens", "java.base/java.util=ALL-UNNAMED", "com.foo.Main", "--port", "1")));
        assertEquals("app.jar", LocalJvms.mainClassOfCommandLine(java.util.List.of("java", "-jar", "app.jar")));
        assertEquals("?", LocalJvms.mainClassOfCommandLine(java.util.List.of("java", "-version")));
    }

    @Test
    void badValuesAreUsageProblemsNamingTheValue() {
        MapraceException zero = assertThrows(MapraceException.class, () -> TargetSpec.parse("0"));
        assertEquals(Problem.USAGE, zero.problem());
        assertEquals(Problem.USAGE, assertThrows(MapraceException.class, () -> TargetSpec.parse("host:70000")).problem());
        assertEquals(Problem.USAGE, assertThrows(MapraceException.class, () -> TargetSpec.parse("")).problem());
        MapraceException spaces = assertThrows(MapraceException.class, () -> TargetSpec.parse("two words"));
        assertEquals(true, spaces.getMessage().contains("'two words'"));
    }
}
