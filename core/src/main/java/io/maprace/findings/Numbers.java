package io.maprace.findings;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Numbers as reports print them, the same in every locale: ASCII digits, {@code ,} between thousands, {@code .}
 * before decimals. Written out rather than through {@code String.format}, whose first use in a run loads the
 * locale's number data and parses its pattern (tens of milliseconds of a short command's run).
 */
public final class Numbers {

    private Numbers() {
    }

    /** A time limit as messages give it: {@code 300 ms}, {@code 60 s}, {@code 1.5 s}. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : fixed(ms / 1000.0, 1) + " s";
    }

    /** {@code 1,234,567}: as {@code String.format(Locale.ROOT, "%,d", n)}. */
    public static String grouped(long n) {
        String digits = Long.toString(n);
        int start = n < 0 ? 1 : 0;
        int len = digits.length() - start;
        if (len <= 3) {
            return digits;
        }
        StringBuilder b = new StringBuilder(digits.length() + len / 3);
        b.append(digits, 0, start);
        int first = len % 3 == 0 ? 3 : len % 3;
        b.append(digits, start, start + first);
        for (int i = start + first; i < digits.length(); i += 3) {
            b.append(',').append(digits, i, i + 3);
        }
        return b.toString();
    }

    /**
     * {@code d} with {@code places} decimals, rounded half up from its shortest decimal form: as
     * {@code String.format(Locale.ROOT, "%.<places>f", d)} for a finite {@code d}.
     */
    public static String fixed(double d, int places) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        String s = BigDecimal.valueOf(d).setScale(places, RoundingMode.HALF_UP).toPlainString();
        // -0.0 rounds to "0.0" with the formatter, which keeps the sign: "-0.0"
        return d < 0 && !s.startsWith("-") ? "-" + s : s;
    }

    /** {@code n} with at least {@code width} digits, zeros in front: as {@code %0<width>d} for n >= 0. */
    public static String zeroPadded(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
