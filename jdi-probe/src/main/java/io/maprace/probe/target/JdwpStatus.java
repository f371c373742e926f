package io.maprace.probe.target;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether and how a JVM's JDWP agent can be reached. The agent cannot be loaded into a running JVM; it must have
 * been started with the JVM ({@code -agentlib:jdwp=...}). Read from the JVM's arguments and from the agent
 * property {@code sun.jdwp.listenerAddress}, which the agent sets to {@code dt_socket:<port>} while it listens,
 * empties while a debugger is attached, and leaves unset while it is dormant ({@code onjcmd=y}).
 *
 * @param state what maprace can do
 * @param configured the {@code address=} option as written ({@code 127.0.0.1:0}), or null
 * @param port the port the agent listens on now, or -1
 * @param exposed whether the listener accepts connections from other hosts
 */
public record JdwpStatus(State state, String configured, int port, boolean exposed) {

    public enum State {
        /** The agent listens: maprace can attach. */
        LISTENING,
        /** Another debugger is attached; JDWP takes one debugger at a time. */
        BUSY,
        /** Started with {@code onjcmd=y}: no listener yet; {@code jcmd <pid> VM.start_java_debugging} starts it. */
        DORMANT,
        /** The agent connects out to a debugger ({@code server=n}): nothing to attach to. */
        CLIENT,
        /** No JDWP agent: the JVM must be restarted with one for live commands that need JDWP. */
        ABSENT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The flag to add at the JVM's next start, fitting its JDK version. */
    public static String flagFor(int feature) {
        String base = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
        // onjcmd=y exists from JDK 12 and was removed in JDK 24 (JDK-8336401): a JDK 24+ JVM refuses to start with it.
        return feature >= 12 && feature <= 23 ? base + ",onjcmd=y" : base;
    }

    /** What the flag does, for advice text. */
    public static String flagNote(int feature) {
        return feature >= 12 && feature <= 23
                ? "the agent stays dormant and costs nothing until maprace starts it"
                : "an idle JDWP agent costs nothing measurable; JDK " + (feature >= 24 ? "24+ has" : feature + " has")
                + " no onjcmd=y";
    }

    /**
     * @param vmArgs the JVM's arguments as one string (agent property {@code sun.jvm.args} or hsperfdata), or null
     * @param listenerAddress the agent property {@code sun.jdwp.listenerAddress}: null when absent
     * @param feature the target's JDK feature version (for the default bind address of a bare port)
     */
    public static JdwpStatus of(String vmArgs, String listenerAddress, int feature) {
        Map<String, String> options = agentOptions(vmArgs).orElse(null);
        String configured = options == null ? null : options.get("address");
        boolean exposed = configured != null && exposedAddress(configured, feature, options.get("allow"));
        if (listenerAddress != null && !listenerAddress.isBlank()) {
            return new JdwpStatus(State.LISTENING, configured, portOf(listenerAddress), exposed);
        }
        if (listenerAddress != null) {
            return new JdwpStatus(State.BUSY, configured, -1, exposed);
        }
        if (options == null) {
            return new JdwpStatus(State.ABSENT, null, -1, false);
        }
        if (!"y".equals(options.getOrDefault("server", "n"))) {
            return new JdwpStatus(State.CLIENT, configured, -1, false);
        }
        if ("y".equals(options.get("onjcmd"))) {
            return new JdwpStatus(State.DORMANT, configured, -1, exposed);
        }
        // Configured as a server, yet no listener property: an old JDK that does not publish it (8), where the
        // configured port is the one to use; with port 0 there is nothing to go on.
        int configuredPort = configured == null ? -1 : portOf(configured);
        if (configuredPort > 0) {
            return new JdwpStatus(State.LISTENING, configured, configuredPort, exposed);
        }
        return new JdwpStatus(State.BUSY, configured, -1, exposed);
    }

    /** The host to connect to: the configured one when it names a single address, else loopback. */
    public String connectHost() {
        if (configured == null || !configured.contains(":")) {
            return "127.0.0.1";
        }
        String host = configured.substring(0, configured.lastIndexOf(':'));
        if (host.equals("*") || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty()) {
            return "127.0.0.1";
        }
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** A short description for tables: {@code listening 127.0.0.1:41234}. */
    public String describe() {
        return switch (state) {
            case LISTENING -> "listening " + connectHost() + ":" + port + (exposed ? " (ALL INTERFACES)" : "");
            case BUSY -> "busy (a debugger is attached)";
            case DORMANT -> "dormant (onjcmd)";
            case CLIENT -> "client mode (server=n)";
            case ABSENT -> "absent";
        };
    }

    /** The options of the JDWP agent in the JVM's arguments ({@code -agentlib:jdwp=}, {@code -Xrunjdwp:}). */
    static Optional<Map<String, String>> agentOptions(String vmArgs) {
        if (vmArgs == null) {
            return Optional.empty();
        }
        for (String arg : vmArgs.split("\\s+")) {
            String opts = null;
            if (arg.startsWith("-agentlib:jdwp=")) {
                opts = arg.substring("-agentlib:jdwp=".length());
            } else if (arg.equals("-agentlib:jdwp")) {
                opts = "";
            } else if (arg.startsWith("-Xrunjdwp:")) {
                opts = arg.substring("-Xrunjdwp:".length());
            } else if (arg.startsWith("-agentpath:") && arg.contains("jdwp")) {
                int eq = arg.indexOf('=');
                opts = eq < 0 ? "" : arg.substring(eq + 1);
            }
            if (opts != null) {
                Map<String, String> map = new LinkedHashMap<>();
                for (String kv : opts.split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        map.put(kv.substring(0, eq).toLowerCase(Locale.ROOT), kv.substring(eq + 1));
                    }
                }
                return Optional.of(map);
            }
        }
        return Optional.empty();
    }

    private static boolean exposedAddress(String address, int feature, String allow) {
        if (allow != null && !allow.isBlank() && allow.chars().allMatch(c -> c == '.' || c == ':' || c == '+'
                || Character.isDigit(c)) && (allow.startsWith("127.") || allow.equals("::1"))) {
            return false;
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            // A bare port: JDK 9+ binds it to localhost, JDK 8 to every interface.
            return feature > 0 && feature <= 8;
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("*") || host.equals("0.0.0.0") || host.equals("::")) {
            return true;
        }
        return !(host.equals("localhost") || host.startsWith("127.") || host.equals("::1"));
    }

    private static int portOf(String listenerAddress) {
        String s = listenerAddress.strip();
        int colon = s.lastIndexOf(':');
        try {
            return Integer.parseInt(colon < 0 ? s : s.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
