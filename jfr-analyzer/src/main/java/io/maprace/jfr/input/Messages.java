package io.maprace.jfr.input;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Every sentence this package shows to people, in one place. Each is one line:
 * {@code <file>: <what was found> — <what was done or what to do>}.
 */
final class Messages {

    private static final String REPOSITORY_HINT =
            "a JVM that was killed leaves its data in the JFR repository: the newest .jfr file under "
                    + "the directory of -XX:FlightRecorderOptions:repository=DIR, by default "
                    + "<java.io.tmpdir>/<date>_<pid>/";

    private Messages() {
    }

    static String notFound(Path file) {
        return file + ": no such file — check the path";
    }

    static String directory(Path file) {
        return file + ": is a directory, not a recording — pass a .jfr file (in a JFR repository "
                + "directory, the newest .jfr file is the chunk being written)";
    }

    static String unreadable(Path file, String reason) {
        return file + ": cannot be read (" + oneLine(reason) + ") — check its permissions";
    }

    static String empty(Path file) {
        return file + ": file is empty (0 bytes) — " + REPOSITORY_HINT;
    }

    static String notJfr(Path file, byte[] head, int length) {
        return file + ": not a JFR recording: it starts with " + describeBytes(head, length)
                + " — pass a file written by -XX:StartFlightRecording or JFR.dump";
    }

    static String unsupportedVersion(Path file, int major, int minor) {
        String origin = major == 0
                ? " (the Flight Recorder of Oracle JDK 7/8)"
                : major > 2 ? " (written by a JDK newer than this tool knows)" : "";
        return file + ": JFR format " + major + "." + minor + origin
                + " is not supported — record with JDK 11 or later (formats 1.x and 2.x are read)";
    }

    static String partialFirstHeader(Path file, long length) {
        return file + ": the file ends after " + length + " bytes, inside the header of its first chunk;"
                + " there is nothing to recover — " + REPOSITORY_HINT;
    }

    static String ioError(Path file, String what, String reason) {
        return file + ": " + what + " failed (" + oneLine(reason) + ") — check free space in the temporary "
                + "directory (java.io.tmpdir) and try again";
    }

    /** A chunk that was repaired and kept. */
    static String recovered(Path file, ChunkRecovery r) {
        String what = switch (r.state()) {
            case TRUNCATED -> "recording is cut at byte " + number(r.bytesInFile()) + " of " + chunk(r)
                    + " (its header declares " + number(r.declaredSize()) + " bytes)";
            case UNFINISHED -> chunk(r) + " was never finished (copied while its JVM was recording, or the JVM died)";
            case DAMAGED -> "the header of " + chunk(r) + " contradicts its data; rebuilt it from the records";
            case COMPLETE -> chunk(r) + " was repaired";
        };
        String lost = r.bytesDropped() == 0
                ? "nothing after the last flush was lost"
                : number(r.bytesDropped()) + " bytes after the last flush were lost" + droppedEvents(r);
        return file + ": " + what + ": recovered " + number(r.eventsRecovered()) + " events / "
                + seconds(r.recoveredSpan()) + " up to " + clock(r.recoveredUntil().orElse(r.start())) + "; "
                + lost + damage(r);
    }

    /** A chunk that could not be kept while other chunks were. */
    static String chunkLost(Path file, ChunkRecovery r) {
        String lost = r.eventsDropped() == 0 ? "" : " (" + number(r.eventsDropped()) + " complete events lost)";
        return file + ": " + lostWhy(r) + ": none of its events can be recovered" + lost + damage(r)
                + " — the other chunks are analyzed";
    }

    /** The only chunk could not be kept: nothing to analyze. */
    static String nothingRecovered(Path file, ChunkRecovery r) {
        String advice = switch (r.state()) {
            case TRUNCATED -> "the copy ends before the JVM's first flush (about a second after the recording "
                    + "started): copy the file again once it is complete";
            case UNFINISHED -> "the JVM stopped before its first flush (about a second after the recording "
                    + "started): record for longer, or stop the recording with JFR.stop or JFR.dump";
            default -> "record again";
        };
        return file + ": " + lostWhy(r) + ": no event can be recovered" + damage(r) + " — " + advice;
    }

    static String partialHeader(Path file, RecordingLayout.Leftover leftover, int chunkNumber) {
        return file + ": the file ends " + number(leftover.length()) + " bytes into the header of chunk "
                + chunkNumber + " (at byte " + number(leftover.offset()) + "): that chunk is lost";
    }

    static String trailingGarbage(Path file, RecordingLayout.Leftover leftover) {
        return file + ": " + number(leftover.length()) + " bytes after the last chunk (from byte "
                + number(leftover.offset()) + ") are " + leftover.description() + "; left them out";
    }

    private static String lostWhy(ChunkRecovery r) {
        if (r.failure().isPresent() && r.failure().get().startsWith("the JDK's parser")) {
            return chunk(r) + " could not be repaired: " + r.failure().get();
        }
        return switch (r.state()) {
            case TRUNCATED -> "recording is cut at byte " + number(r.bytesInFile()) + " of " + chunk(r)
                    + ", inside its first flush";
            case UNFINISHED -> chunk(r) + " was never finished and holds no complete flush";
            default -> "the header of " + chunk(r) + " contradicts its data, and no complete flush was found";
        };
    }

    private static String droppedEvents(ChunkRecovery r) {
        return r.eventsDropped() == 0 ? "" : " (" + number(r.eventsDropped()) + " complete events among them)";
    }

    private static String damage(ChunkRecovery r) {
        return r.stop() == ChunkRecovery.Stop.BAD_RECORD
                ? "; the data is damaged from byte " + number(r.readableUntil()) + " of the chunk (" + r.stopDetail() + ")"
                : "";
    }

    private static String chunk(ChunkRecovery r) {
        return "chunk " + (r.chunkIndex() + 1) + " of " + r.chunkCount();
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String clock(Instant instant) {
        return DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault()).format(instant);
    }

    /** Collapses a possibly multi-line text to one short line. */
    static String oneLine(String text) {
        if (text == null || text.isBlank()) {
            return "no detail";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }

    /** Hex of the first bytes, their printable rendering, and a guess of what the file is. */
    static String describeBytes(byte[] head, int length) {
        int n = Math.min(length, 8);
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            if (i > 0) {
                hex.append(' ');
            }
            hex.append(String.format(Locale.ROOT, "%02X", b));
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        String guess = guess(head, length);
        return hex + " \"" + text + "\"" + (guess.isEmpty() ? "" : " (" + guess + ")");
    }

    private static String guess(byte[] head, int length) {
        if (startsWith(head, length, 0x1f, 0x8b)) {
            return "gzip data: decompress it first";
        }
        if (startsWith(head, length, 'P', 'K', 3, 4)) {
            return "a ZIP archive: extract the .jfr file from it";
        }
        if (startsWith(head, length, 0x7f, 'E', 'L', 'F')) {
            return "an executable or core file";
        }
        String start = new String(Arrays.copyOf(head, Math.min(length, head.length)), StandardCharsets.ISO_8859_1);
        if (start.startsWith("JAVA PROFILE")) {
            return "an HPROF heap dump";
        }
        if (isText(head, length)) {
            String trimmed = start.stripLeading();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                return "JSON text, perhaps the output of 'jfr print --json': pass the binary recording";
            }
            return "text, perhaps the output of 'jfr print': pass the binary recording";
        }
        return "";
    }

    private static boolean startsWith(byte[] head, int length, int... expected) {
        if (length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isText(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            boolean printable = b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' || b == '\t' || b >= 0x80;
            if (!printable) {
                return false;
            }
        }
        return true;
    }
}
