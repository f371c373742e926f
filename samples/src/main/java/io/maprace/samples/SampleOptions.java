package io.maprace.samples;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line options shared by every sample: {@code --seconds N} (0 = run until killed), {@code --threads N},
 * {@code --quiet} (no progress lines), plus the numeric options a sample declares for itself (e.g. {@code --maps}).
 *
 * <p>Numbers accept a {@code k} or {@code m} suffix ({@code 100k}, {@code 1m}). Both {@code --name N} and
 * {@code --name=N} are accepted.
 *
 * @param seconds how long to run before exiting on its own; 0 means until killed
 * @param threads how many worker threads to start (a sample may add helper threads, e.g. a janitor)
 * @param quiet   whether to suppress the once-a-second progress lines ({@code ready} and {@code done} are always
 *                printed)
 * @param extras  the sample's own numeric options, by name without the leading dashes
 */
public record SampleOptions(long seconds, int threads, boolean quiet, Map<String, Long> extras) {

    public static final long DEFAULT_SECONDS = 10;
    public static final int DEFAULT_THREADS = 4;
    static final int MAX_THREADS = 256;

    public SampleOptions {
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** The defaults, for running a sample from code. */
    public static SampleOptions defaults() {
        return new SampleOptions(DEFAULT_SECONDS, DEFAULT_THREADS, false, Map.of());
    }

    /** The value of a sample-specific option declared in {@link SampleProgram#extraOptions()}. */
    public long extra(String name) {
        Long value = extras.get(name);
        if (value == null) {
            throw new IllegalArgumentException("option --" + name + " was not declared by this sample");
        }
        return value;
    }

    /**
     * Parses {@code args}.
     *
     * @param extraDefaults the sample's own options (name without dashes, default value), in usage order
     * @throws UsageException with a one-line message naming the bad argument
     */
    public static SampleOptions parse(String[] args, Map<String, Long> extraDefaults) throws UsageException {
        long seconds = DEFAULT_SECONDS;
        int threads = DEFAULT_THREADS;
        boolean quiet = false;
        Map<String, Long> extras = new LinkedHashMap<>(extraDefaults);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--quiet")) {
                if (value != null) {
                    throw new UsageException("option --quiet takes no value: '" + arg + "'");
                }
                quiet = true;
                continue;
            }
            String key = name.startsWith("--") ? name.substring(2) : null;
            boolean known = name.equals("--seconds") || name.equals("--threads")
                    || (key != null && extraDefaults.containsKey(key));
            if (!known) {
                throw new UsageException("unknown option '" + arg + "' (expected " + usage(extraDefaults) + ")");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            long n = parseCount(name, value);
            switch (name) {
                case "--seconds" -> seconds = n;
                case "--threads" -> {
                    if (n < 1 || n > MAX_THREADS) {
                        throw new UsageException(
                                "option --threads must be between 1 and " + MAX_THREADS + ": '" + value + "'");
                    }
                    threads = (int) n;
                }
                default -> extras.put(key, n);
            }
        }
        return new SampleOptions(seconds, threads, quiet, extras);
    }

    /** The option syntax, e.g. {@code [--seconds N] [--threads N] [--quiet] [--maps N]}. */
    public static String usage(Map<String, Long> extraDefaults) {
        StringBuilder sb = new StringBuilder("[--seconds N] [--threads N] [--quiet]");
        for (String extra : extraDefaults.keySet()) {
            sb.append(" [--").append(extra).append(" N]");
        }
        return sb.toString();
    }

    private static long parseCount(String option, String text) throws UsageException {
        String digits = text.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (digits.endsWith("k")) {
            unit = 1_000;
        } else if (digits.endsWith("m")) {
            unit = 1_000_000;
        }
        if (unit != 1) {
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            long n = Long.parseLong(digits);
            if (n < 0 || n > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new UsageException("option " + option + " needs a non-negative number: '" + text + "'");
        }
    }

    /** A bad command line; the message is one line meant for the user. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }
}
