package io.maprace.probe.target;

import com.sun.jdi.connect.spi.ClosedConnectionException;
import com.sun.jdi.connect.spi.Connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A JDWP connection over a socket whose connect and handshake are bounded. JDI's own socket connector waits
 * without limit for the handshake, so a port that accepts and stays silent (not a JDWP agent) would hang the
 * tool; here it fails within the timeout. Packets are framed as JDWP specifies: a 4-byte big-endian length that
 * counts the whole packet.
 */
final class JdwpConnection extends Connection {

    private static final byte[] HANDSHAKE = "JDWP-Handshake".getBytes(StandardCharsets.US_ASCII);
    /** Larger than any reply maprace provokes (array reads are chunked); a bigger length means garbage. */
    private static final int MAX_PACKET = 256 << 20;

    /** The peer accepted the connection but did not answer the JDWP handshake. */
    static final class NotJdwpException extends IOException {
        NotJdwpException(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile boolean open = true;

    private JdwpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and shakes hands; {@link NotJdwpException} when the peer is something else. */
    static JdwpConnection open(String host, int port, Duration connectTimeout, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(HANDSHAKE);
            s.getOutputStream().flush();
            byte[] reply = new byte[HANDSHAKE.length];
            int got = 0;
            while (got < reply.length) {
                int n;
                try {
                    n = s.getInputStream().read(reply, got, reply.length - got);
                } catch (SocketTimeoutException e) {
                    throw new NotJdwpException("no JDWP handshake within " + timeout.toMillis() + " ms");
                }
                if (n < 0) {
                    throw new NotJdwpException("the connection was closed during the JDWP handshake");
                }
                got += n;
            }
            for (int i = 0; i < reply.length; i++) {
                if (reply[i] != HANDSHAKE[i]) {
                    throw new NotJdwpException("the peer answered something other than the JDWP handshake");
                }
            }
            s.setSoTimeout(0);
            return new JdwpConnection(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public byte[] readPacket() throws IOException {
        if (!open) {
            throw new ClosedConnectionException("connection is closed");
        }
        synchronized (readLock) {
            try {
                byte[] head = new byte[4];
                int first = in.read();
                if (first < 0) {
                    return new byte[0];
                }
                head[0] = (byte) first;
                readFully(head, 1, 3);
                int length = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8)
                        | (head[3] & 0xff);
                if (length < 11 || length > MAX_PACKET) {
                    throw new IOException("protocol error: packet length " + length);
                }
                byte[] packet = new byte[length];
                System.arraycopy(head, 0, packet, 0, 4);
                readFully(packet, 4, length - 4);
                return packet;
            } catch (IOException e) {
                if (!open) {
                    throw new ClosedConnectionException("connection is closed");
                }
                throw e;
            }
        }
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("premature end of a JDWP packet");
            }
            off += n;
            len -= n;
        }
    }

    @Override
    public void writePacket(byte[] packet) throws IOException {
        if (!open) {
            throw new ClosedConnectionException("connection is closed");
        }
        if (packet.length < 11) {
            throw new IllegalArgumentException("packet is insufficient size");
        }
        int length = ((packet[0] & 0xff) << 24) | ((packet[1] & 0xff) << 16) | ((packet[2] & 0xff) << 8)
                | (packet[3] & 0xff);
        if (length < 11 || length > packet.length) {
            throw new IllegalArgumentException("bad packet length " + length);
        }
        synchronized (writeLock) {
            try {
                out.write(packet, 0, length);
                out.flush();
            } catch (IOException e) {
                if (!open) {
                    throw new ClosedConnectionException("connection is closed");
                }
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        socket.close();
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
