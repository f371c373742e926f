import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step, run on the shaded jar after it is made: rewrites the classes under some package prefixes as Java 8
 * class files, with stack map frames computed by ASM. picocli (and ASM itself) ship Java 5 class files, which a
 * JDK 17 neither stores in a class-data archive nor checks with its fast verifier: loading picocli's classes was a
 * quarter of a short command's start. The bytecode itself is left as it is.
 *
 * <p>Usage: {@code java -cp <asm> ClassVersionUpgrade.java JAR PREFIX...}
 */
public final class ClassVersionUpgrade {

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        List<String> prefixes = List.of(args).subList(1, args.length);
        Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgraded");
        int seen = 0;
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassVersionUpgrade.class.getClassLoader());
             ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                String name = e.getName();
                if (name.endsWith(".class") && prefixes.stream().anyMatch(name::startsWith)) {
                    bytes = upgrade(bytes, classes);
                    seen++;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        if (seen == 0) {
            throw new IllegalStateException("no class under " + prefixes + " in " + jar);
        }
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] upgrade(byte[] bytes, ClassLoader classes) {
        ClassReader reader = new ClassReader(bytes);
        // the major version, in the class file's 7th and 8th bytes
        if (reader.readUnsignedShort(6) >= Opcodes.V1_8) {
            return bytes;
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
