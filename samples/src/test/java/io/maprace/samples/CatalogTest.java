package io.maprace.samples;

import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog.Kind;
import io.maprace.samples.Catalog.Sample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class CatalogTest {

    @Test
    void namesAreUniqueKebabIdsAndMatchWhatTheProgramsPrint() throws Exception {
        Set<String> names = new HashSet<>();
        for (Sample sample : Catalog.all()) {
            assertTrue(names.add(sample.name()), "duplicate " + sample.name());
            assertTrue(sample.name().matches("[a-z]+(-[a-z]+)*"), sample.name());
            assertEquals(sample.name(), program(sample).name());
            assertEquals(sample, Catalog.require(sample.name()));
        }
    }

    @Test
    void everyMainClassHasAMainMethod() throws Exception {
        for (Sample sample : Catalog.all()) {
            Method main = Class.forName(sample.mainClass()).getMethod("main", String[].class);
            assertTrue(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()),
                    sample.mainClass());
            assertEquals(void.class, main.getReturnType());
        }
    }

    @Test
    void everySampleProgramIsInTheCatalog() throws IOException, ClassNotFoundException {
        Path classes = ChildJvm.classesOf(Catalog.class);
        Set<String> programs = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (SampleProgram.class.isAssignableFrom(type) && !type.isInterface() && !type.isAnonymousClass()) {
                    programs.add(name);
                }
            }
        }
        Set<String> cataloged = Catalog.all().stream().map(Sample::mainClass)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(cataloged, programs);
    }

    @Test
    void everySiteNamesAMethodDeclaredInItsClass() throws ClassNotFoundException {
        for (Sample sample : Catalog.all()) {
            for (Catalog.Site site : sample.sites()) {
                Class<?> type = Class.forName(site.className());
                boolean declared = Arrays.stream(type.getDeclaredMethods())
                        .anyMatch(m -> m.getName().equals(site.methodName()) && !m.isSynthetic());
                assertTrue(declared, sample.name() + ": no method " + site.method());
            }
        }
    }

    @Test
    void everyMapPathStartsAtAStaticFieldAndItsFirstStepsExist() throws Exception {
        for (Sample sample : Catalog.all()) {
            for (Catalog.MapRef map : sample.maps()) {
                Catalog.MapPath path = Catalog.MapPath.parse(map.path());
                Field root = Class.forName(path.className()).getDeclaredField(path.staticField());
                assertTrue(Modifier.isStatic(root.getModifiers()), map.path());
                Class<?> type = root.getType();
                for (String step : path.steps()) {
                    // Only where the declared type is a concrete class can the step be checked without a run;
                    // SampleRunsTest resolves every path in a running sample.
                    if (step.equals(Catalog.MapPath.EACH) || type.isInterface() || type.isArray()) {
                        break;
                    }
                    type = MapPaths.field(type, step).getType();
                }
            }
        }
    }

    @Test
    void mapPathsParse() {
        Catalog.MapPath path = Catalog.MapPath.parse("io.maprace.samples.registry.Registry.INSTANCE.entries[*].cache");
        assertEquals("io.maprace.samples.registry.Registry", path.className());
        assertEquals("INSTANCE", path.staticField());
        assertEquals(List.of("entries", "[*]", "cache"), path.steps());
        assertEquals(List.of("[*]"), Catalog.MapPath.parse("a.B.FIELD[*]").steps());
    }

    @Test
    void kindsShapesAndTwinsAreConsistent() {
        for (int shape = 1; shape <= 6; shape++) {
            int s = shape;
            List<Sample> ofShape = Catalog.all().stream().filter(x -> x.shape() == s).toList();
            assertEquals(List.of(Kind.RACE, Kind.FIXED), ofShape.stream().map(Sample::kind).toList(), "shape " + s);
        }
        for (Sample sample : Catalog.all()) {
            switch (sample.kind()) {
                case RACE, FIXED -> {
                    assertTrue(sample.shape() >= 1 && sample.shape() <= 6, sample.name());
                    assertEquals(sample.kind() == Kind.RACE, sample.racy(), sample.name());
                    Sample twin = Catalog.require(sample.twin().orElseThrow());
                    assertEquals(sample.name(), twin.twin().orElseThrow());
                    assertEquals(sample.shape(), twin.shape());
                    assertFalse(sample.writeSites().isEmpty(), sample.name());
                }
                case CORRECT -> {
                    assertFalse(sample.racy());
                    assertFalse(sample.writeSites().isEmpty(), sample.name());
                    assertTrue(sample.mapPath().isPresent(), sample.name());
                }
                case CORRUPTED -> {
                    assertFalse(sample.racy());
                    assertTrue(sample.jvmFlags().contains(Catalog.ADD_OPENS_JAVA_UTIL), sample.name());
                }
                case BENCHMARK -> assertTrue(sample.racy());
                default -> fail(sample.kind().toString());
            }
            if (sample.racy()) {
                assertTrue(sample.mapPath().isPresent(), sample.name());
                assertFalse(sample.writeSites().isEmpty(), sample.name());
            }
            if (sample.kind() != Kind.CORRUPTED) {
                assertTrue(sample.jvmFlags().isEmpty(), sample.name());
            }
            assertFalse(sample.description().isBlank());
            assertFalse(sample.description().contains("\n"));
        }
    }

    static SampleProgram program(Sample sample) throws ReflectiveOperationException {
        Object program = Class.forName(sample.mainClass()).getDeclaredConstructor().newInstance();
        assertNotNull(program);
        return (SampleProgram) program;
    }
}
