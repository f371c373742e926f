package io.maprace.heapdump;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.heapdump.hprof.DumpFormatException;
import io.maprace.heapdump.hprof.HprofDump;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A heap dump file opened for scanning: HPROF as the JVM writes it, or gzipped ({@code jcmd GC.heap_dump -gz=N},
 * {@code -XX:HeapDumpGzipLevel}: gzip members of 1 MB each). A gzipped dump is unpacked first into a private
 * temporary file, deleted on close: the reader maps the dump and reads objects in any order.
 */
public final class DumpFile implements AutoCloseable {

    private final HprofDump dump;
    private final Path unpackedDir;
    private final long openMillis;

    private DumpFile(HprofDump dump, Path unpackedDir, long openMillis) {
        this.dump = dump;
        this.unpackedDir = unpackedDir;
        this.openMillis = openMillis;
    }

    /**
     * Whether a scan argument names a dump rather than a JVM: a .hprof or .hprof.gz name, or an existing file
     * (but never a pid, even when a file has that name).
     */
    public static boolean looksLikeDump(String arg) {
        String a = arg.toLowerCase(java.util.Locale.ROOT);
        if (a.endsWith(".hprof") || a.endsWith(".hprof.gz")) {
            return true;
        }
        try {
            return !a.matches("\\d+") && Files.isRegularFile(Path.of(arg));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /**
     * @throws MapraceException FILE_NOT_FOUND, FILE_UNREADABLE, DUMP_EMPTY, NOT_A_HEAP_DUMP, DUMP_TRUNCATED,
     *                          DUMP_CORRUPT or DISK_FULL (unpacking), each with one line saying what to do
     */
    public static DumpFile open(Path file) {
        long t0 = System.nanoTime();
        if (!Files.exists(file)) {
            throw new MapraceException(Problem.FILE_NOT_FOUND, "no such file " + file
                    + " — check the path (a heap dump: jcmd <pid> GC.heap_dump /tmp/app.hprof)");
        }
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new MapraceException(Problem.FILE_UNREADABLE, "cannot read " + file
                    + " — run maprace as a user that may read it");
        }
        Path dir = null;
        try {
            Path hprof = file;
            if (gzipped(file)) {
                Path parent = file.toAbsolutePath().getParent();
                dir = PrivateFiles.directory(Files.isWritable(parent) ? parent
                        : Path.of(System.getProperty("java.io.tmpdir")), ".maprace-unpack-");
                hprof = dir.resolve("dump.hprof");
                unpack(file, hprof);
            }
            HprofDump dump = HprofDump.open(hprof);
            return new DumpFile(dump, dir, (System.nanoTime() - t0) / 1_000_000);
        } catch (DumpFormatException e) {
            PrivateFiles.delete(dir);
            throw problem(file, e);
        } catch (AccessDeniedException e) {
            PrivateFiles.delete(dir);
            throw new MapraceException(Problem.FILE_UNREADABLE, "cannot read " + file + " ("
                    + e.getMessage() + ") — run maprace as a user that may read it, and write next to it", e);
        } catch (NoSuchFileException e) {
            PrivateFiles.delete(dir);
            throw new MapraceException(Problem.FILE_NOT_FOUND, "no such file " + file, e);
        } catch (IOException e) {
            PrivateFiles.delete(dir);
            if (PrivateFiles.diskFull(e) && dir != null) {
                throw new MapraceException(Problem.DISK_FULL, "no room to unpack " + file + " in " + dir.getParent()
                        + " (" + e.getMessage() + ") — gunzip it where there is room and scan the .hprof", e);
            }
            throw new MapraceException(Problem.FILE_UNREADABLE, "cannot read " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean gzipped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static void unpack(Path gz, Path out) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
             OutputStream o = Files.newOutputStream(out)) {
            in.transferTo(o);
        } catch (EOFException e) {
            throw new DumpFormatException(DumpFormatException.Kind.TRUNCATED, Files.size(out),
                    "the gzip stream ends early (" + e.getMessage() + ")");
        } catch (ZipException e) {
            throw new DumpFormatException(DumpFormatException.Kind.CORRUPT, Files.size(out),
                    "the gzip stream is damaged (" + e.getMessage() + ")");
        }
    }

    private static MapraceException problem(Path file, DumpFormatException e) {
        switch (e.kind()) {
            case EMPTY:
                return new MapraceException(Problem.DUMP_EMPTY, file + " is empty (zero bytes) — the "
                        + "dump was not written: check the disk space where it was written, and dump again", e);
            case NOT_HPROF:
                return new MapraceException(Problem.NOT_A_HEAP_DUMP, file + " is not a heap dump "
                        + "(no HPROF header) — give an .hprof file (jcmd <pid> GC.heap_dump FILE), or a pid", e);
            case TRUNCATED:
                return new MapraceException(Problem.DUMP_TRUNCATED, file + " is truncated: "
                        + e.getMessage() + " — the dump or its copy was cut short; dump again or copy it whole", e);
            default:
                return new MapraceException(Problem.DUMP_CORRUPT, file + " is corrupted: "
                        + e.getMessage() + " — the file was damaged after the JVM wrote it; dump again", e);
        }
    }

    public HprofDump dump() {
        return dump;
    }

    /** How long opening (unpacking, mapping and indexing) took. */
    public long openMillis() {
        return openMillis;
    }

    @Override
    public void close() {
        try {
            dump.close();
        } catch (IOException e) {
            // a read-only mapping: nothing to lose
        }
        PrivateFiles.delete(unpackedDir);
    }
}
