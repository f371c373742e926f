package io.maprace.probe.watch;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attaches to a JVM whose JDWP agent listens on a socket: {@code host:port} or a bare port (localhost).
 *
 * <p>A stand-in for {@code io.maprace.probe.target.Attacher} (pids, main-class names, {@code onjcmd} agents),
 * which {@code maprace watch} should use once it is available.
 */
public final class SocketAttach {

    private static final Pattern HOST_PORT = Pattern.compile("(?:(\\[[^]]+]|[^:\\s]+):)?(\\d{1,5})");

    private SocketAttach() {
    }

    /** The address as {@code host:port}, for reports: {@code 5005} reads {@code 127.0.0.1:5005}. */
    public static String label(String target) {
        Matcher m = HOST_PORT.matcher(target.trim());
        return m.matches() && m.group(1) == null ? "127.0.0.1:" + m.group(2) : target.trim();
    }

    public static VirtualMachine attach(String target, int timeoutMillis) {
        Matcher m = HOST_PORT.matcher(target.trim());
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw new MapraceException(Problem.USAGE, "target '" + target + "' is not host:port or a port — give"
                    + " the address the JVM's JDWP agent listens on (the 'Listening for transport dt_socket at"
                    + " address' line it printed)");
        }
        String host = m.group(1) == null ? "127.0.0.1" : m.group(1).replaceAll("[\\[\\]]", "");
        String port = m.group(2);
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst()
                .orElseThrow(() -> new MapraceException(Problem.JDK_MISSING_MODULE,
                        "this JDK has no JDI socket connector — run maprace on a full JDK 17+"));
        Map<String, Connector.Argument> args = socket.defaultArguments();
        args.get("hostname").setValue(host);
        args.get("port").setValue(port);
        args.get("timeout").setValue(String.valueOf(timeoutMillis));
        try {
            return socket.attach(args);
        } catch (ConnectException e) {
            throw new MapraceException(Problem.ATTACH_FAILED, "nothing accepts debugger connections on " + host
                    + ":" + port + " — start the JVM with -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,"
                    + "address=127.0.0.1:" + port + " (or another debugger is attached to it now)", e);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("handshake")) {
                throw new MapraceException(Problem.NOT_JDWP, host + ":" + port + " is not a JDWP agent ("
                        + msg + ") — give the port the JVM printed in 'Listening for transport dt_socket'", e);
            }
            throw new MapraceException(Problem.ATTACH_FAILED, "cannot attach to " + host + ":" + port + ": " + msg
                    + " — check the address and that no other debugger is attached", e);
        } catch (IllegalConnectorArgumentsException e) {
            throw new MapraceException(Problem.USAGE, "bad target '" + target + "': " + e.getMessage(), e);
        }
    }
}
