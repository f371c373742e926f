package io.maprace.findings;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-pass path pattern gives what the two regular expressions it replaced give. */
class MapRefPatternTest {

    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private static final Pattern VALUE = Pattern.compile("\\{(\"(\\\\.|[^\"\\\\])*\"|[^}\"]*)}");

    private static String byRegex(String path) {
        return VALUE.matcher(INDEX.matcher(path).replaceAll("[*]")).replaceAll("[*]");
    }

    @Test
    void sameAsTheRegularExpressions() {
        List<String> paths = List.of("io.maprace.samples.bench.BusyMaps.population[123456]",
                "com.foo.Registry.BY_NAME{value}.cache", "com.foo.Registry.LIST[3][4]{key}.m",
                "Thread[worker-1].target.state", "Thread[12].x[7]", "a.b[", "a.b[]", "a.b[x1]", "a.b[1x]",
                "a{b[12]c}.d", "a{b{c}d}", "a{unclosed[3]", "a}b{c}", "A.B{\"k}\"}.c[2]", "A.B{\"q\\\"x\"}[1]",
                "A.B{\"unterminated}.c", "plain.path", "", "[1]", "{}", "x[0]{element}[99]");
        for (String p : paths) {
            assertEquals(byRegex(p), MapRef.pathPattern(p), p);
        }
    }
}
