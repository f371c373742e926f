package io.maprace.probe.target;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user named as the target of a live command: a pid, {@code host:port} of a JDWP listener, or the main
 * class of a local JVM (its name or a unique part of it, as {@code jcmd} takes it).
 */
public sealed interface TargetSpec {

    /** {@code host:port}, {@code [v6addr]:port}, or {@code :port} for localhost. */
    Pattern SOCKET = Pattern.compile("^(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9_.-]*):(\\d{1,5})$");

    /** The target as the user wrote it, for messages. */
    String text();

    record Pid(long pid) implements TargetSpec {
        @Override
        public String text() {
            return "pid " + pid;
        }
    }

    record Socket(String host, int port) implements TargetSpec {
        @Override
        public String text() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    record MainClass(String fragment) implements TargetSpec {
        @Override
        public String text() {
            return "'" + fragment + "'";
        }
    }

    /** Parses the {@code <target>} argument; a value that fits no form is a usage problem. */
    static TargetSpec parse(String value) {
        String s = value == null ? "" : value.strip();
        if (s.isEmpty()) {
            throw new MapraceException(Problem.USAGE,
                    "no target given — name a pid, a main class (or a unique part of it) or host:port; "
                            + "'maprace ps' lists the local JVMs");
        }
        if (s.chars().allMatch(Character::isDigit)) {
            try {
                long pid = Long.parseLong(s);
                if (pid > 0) {
                    return new Pid(pid);
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new MapraceException(Problem.USAGE, "'" + s + "' is not a valid pid — 'maprace ps' lists the local JVMs");
        }
        Matcher m = SOCKET.matcher(s);
        if (m.matches()) {
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new MapraceException(Problem.USAGE, "'" + s + "': port " + port + " is out of range 1-65535");
            }
            String host = m.group(1);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Socket(host.isEmpty() ? "127.0.0.1" : host, port);
        }
        if (s.chars().anyMatch(Character::isWhitespace)) {
            throw new MapraceException(Problem.USAGE, "'" + s + "' is not a target — name a pid, a main class or host:port");
        }
        return new MainClass(s);
    }
}
