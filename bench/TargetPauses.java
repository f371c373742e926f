import io.maprace.probe.target.HsPerfData;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Samples a JVM's safepoint counters from its hsperfdata file every 5 ms for a while, without touching the JVM,
 * and prints {@code safepoints=N totalMs=X longestMs=Y}: the target's own pause profile, to compare with what a
 * scan's report says for the time it ran. Run with the maprace jar on the classpath:
 * {@code java -cp maprace.jar bench/TargetPauses.java <pid> <seconds>}.
 */
public class TargetPauses {
    public static void main(String[] args) throws Exception {
        long pid = Long.parseLong(args[0]);
        long end = System.nanoTime() + (long) (Double.parseDouble(args[1]) * 1e9);
        Path file = null;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/tmp"), "hsperfdata_*")) {
            for (Path d : dirs) {
                if (Files.exists(d.resolve(Long.toString(pid)))) {
                    file = d.resolve(Long.toString(pid));
                }
            }
        }
        if (file == null) {
            throw new IllegalStateException("no hsperfdata file for " + pid);
        }
        HsPerfData first = HsPerfData.read(file).orElseThrow();
        double startMs = first.safepointMillis().orElseThrow();
        long startN = first.safepoints().orElseThrow();
        double lastMs = startMs;
        long lastN = startN;
        double longest = 0;
        while (System.nanoTime() < end) {
            Optional<HsPerfData> now = HsPerfData.read(file);
            if (now.isPresent()) {
                double ms = now.get().safepointMillis().orElse(lastMs);
                long n = now.get().safepoints().orElse(lastN);
                if (n > lastN) {
                    longest = Math.max(longest, ms - lastMs);
                    lastMs = ms;
                    lastN = n;
                }
            }
            Thread.sleep(5);
        }
        System.out.printf("safepoints=%d totalMs=%.1f longestMs=%.1f%n", lastN - startN, lastMs - startMs, longest);
    }
}
