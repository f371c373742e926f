package io.maprace.probe.target;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The counters a HotSpot JVM publishes in its {@code hsperfdata} file (what {@code jps} and {@code jstat} read).
 * Reading the file involves nothing in the target: no attach, no safepoint. maprace uses it to tell a JVM from
 * another process, to read its version and arguments before attaching, and to measure the safepoint time a scan
 * costs the target.
 *
 * <p>Format (HotSpot {@code perfMemory.hpp}, version 2): a prologue with the magic {@code 0xcafec0c0}, the byte
 * order, the offset of the first entry and the number of entries; each entry has its length, the offsets of its
 * name and data, a vector length (strings are byte vectors) and a type code ({@code 'J'} long, {@code 'B'} byte).
 */
public final class HsPerfData {

    private static final int MAGIC = 0xcafec0c0;

    private final Map<String, Object> values;

    private HsPerfData(Map<String, Object> values) {
        this.values = values;
    }

    /** Reads and parses the file; empty when it cannot be read or is not an hsperfdata file. */
    public static Optional<HsPerfData> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        return parse(bytes);
    }

    static Optional<HsPerfData> parse(byte[] bytes) {
        if (bytes.length < 32) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            return Optional.empty();
        }
        b.order(bytes[4] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (bytes[5] != 2) {
            return Optional.empty();
        }
        int entryOffset = b.getInt(24);
        int entries = b.getInt(28);
        Map<String, Object> values = new HashMap<>();
        int at = entryOffset;
        for (int i = 0; i < entries && at + 20 <= bytes.length; i++) {
            int length = b.getInt(at);
            int nameOffset = b.getInt(at + 4);
            int vectorLength = b.getInt(at + 8);
            byte type = b.get(at + 12);
            int dataOffset = b.getInt(at + 16);
            if (length <= 0 || at + length > bytes.length) {
                break;
            }
            String name = cString(bytes, at + nameOffset, at + length);
            int data = at + dataOffset;
            if (type == 'J' && vectorLength == 0 && data + 8 <= bytes.length) {
                values.put(name, b.getLong(data));
            } else if (type == 'B' && vectorLength > 0 && data + vectorLength <= bytes.length) {
                values.put(name, cString(bytes, data, data + vectorLength));
            }
            at += length;
        }
        return Optional.of(new HsPerfData(values));
    }

    private static String cString(byte[] bytes, int from, int limit) {
        int end = from;
        while (end < limit && end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    public Optional<String> string(String name) {
        return values.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public Optional<Long> number(String name) {
        return values.get(name) instanceof Long l ? Optional.of(l) : Optional.empty();
    }

    /** {@code sun.rt.javaCommand}: the main class (or {@code -jar} file) and its arguments. */
    public Optional<String> javaCommand() {
        return string("sun.rt.javaCommand");
    }

    public Optional<String> javaVersion() {
        return string("java.property.java.version");
    }

    /** The JVM's own arguments ({@code -agentlib:jdwp=...}, {@code -Xmx...}). */
    public Optional<String> vmArgs() {
        return string("java.rt.vmArgs");
    }

    /** Total time the JVM spent at safepoints, in milliseconds. */
    public Optional<Double> safepointMillis() {
        Optional<Long> ticks = number("sun.rt.safepointTime");
        Optional<Long> frequency = number("sun.os.hrt.frequency");
        if (ticks.isEmpty() || frequency.isEmpty() || frequency.get() <= 0) {
            return Optional.empty();
        }
        return Optional.of(ticks.get() * 1000.0 / frequency.get());
    }

    /** Number of safepoints since the JVM started. */
    public Optional<Long> safepoints() {
        return number("sun.rt.safepoints");
    }

    /** Bytes of heap in use, summed over the GC's spaces; empty when the collector does not publish them. */
    public Optional<Long> heapUsedBytes() {
        long sum = 0;
        boolean any = false;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("sun.gc.generation.") && k.contains(".space.") && k.endsWith(".used")
                    && e.getValue() instanceof Long l) {
                sum += l;
                any = true;
            }
        }
        return any ? Optional.of(sum) : Optional.empty();
    }
}
