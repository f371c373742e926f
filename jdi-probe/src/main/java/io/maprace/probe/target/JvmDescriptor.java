package io.maprace.probe.target;

/**
 * A local JVM as maprace sees it before attaching with JDI.
 *
 * @param mainClass the main class or {@code -jar} file, or {@code ?}
 * @param javaVersion the {@code java.version} property, or {@code ?}
 * @param feature the JDK feature version (17, 21, 25), or 0 when unknown
 * @param user the owner of the process, or {@code ?}
 * @param jdwp how its JDWP agent can be reached; null when the JVM could not be asked
 * @param jfr whether it records with JFR
 * @param problem why some of these are unknown (another user's JVM, no answer), or null
 */
public record JvmDescriptor(long pid, String mainClass, String javaVersion, int feature, String user,
                           JdwpStatus jdwp, JfrStatus jfr, String problem) {

    /** {@code pid 1234 (com.foo.Main, JDK 17)}: how reports and messages name the target. */
    public String label() {
        return "pid " + pid + " (" + mainClass + (feature > 0 ? ", JDK " + feature : "") + ")";
    }

    /** The JDK feature version in a {@code java.version} string: {@code 17.0.2} -> 17, {@code 1.8.0_392} -> 8. */
    public static int featureOf(String javaVersion) {
        if (javaVersion == null || javaVersion.isBlank()) {
            return 0;
        }
        String v = javaVersion.strip();
        if (v.startsWith("1.")) {
            v = v.substring(2);
        }
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        try {
            return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
