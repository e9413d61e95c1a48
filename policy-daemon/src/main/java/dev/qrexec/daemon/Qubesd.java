package dev.qrexec.daemon;

import dev.qrexec.eval.LogText;
import dev.qrexec.parser.IoReason;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A client of qubesd's UNIX socket protocol: {@code METHOD+ARG SOURCE name DEST<NUL>PAYLOAD},
 * the write side shut, then the whole reply read: {@code 0<NUL>CONTENT} is an
 * answer, {@code 2<NUL>TYPE<NUL>TRACEBACK<NUL>MESSAGE<NUL>} an exception, anything
 * else an invalid reply. A call that takes longer than the timeout is abandoned.
 */
public final class Qubesd {
    /** Replies larger than this are refused (qubesd's system information is a few hundred KiB at most). */
    static final int MAX_REPLY = 64 << 20;

    private final Path socket;
    private final Duration timeout;
    private final Watchdog watchdog;

    public Qubesd(Path socket, Duration timeout, Watchdog watchdog) {
        this.socket = socket;
        this.timeout = timeout;
        this.watchdog = watchdog;
    }

    Path socket() {
        return socket;
    }

    /** qubesd answered with an exception. */
    static final class QubesdException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String type;

        QubesdException(String type, String message) {
            super(message.isEmpty() ? "qubesd raised " + type : "qubesd raised " + type + ": " + message);
            this.type = type;
        }

        String type() {
            return type;
        }
    }

    /** The content of qubesd's answer to {@code method+argument} from dom0 to {@code destination}. */
    byte[] call(String method, String argument, String destination, byte[] payload) throws IOException {
        byte[] reply = exchange(header(method, argument, destination), payload);
        return content(reply);
    }

    private static byte[] header(String method, String argument, String destination) {
        return (method + "+" + argument + " dom0 name " + destination + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] exchange(byte[] header, byte[] payload) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Watchdog.Guard guard = watchdog.guard(timeout, channel::close)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer out = ByteBuffer.allocate(header.length + payload.length).put(header).put(payload).flip();
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.shutdownOutput();
                return readAll(channel);
            } catch (IOException e) {
                if (guard.expired()) {
                    throw new IOException("qubesd at " + socket + " did not answer within " + timeout.toMillis()
                            + " ms", e);
                }
                throw new IOException("cannot talk to qubesd at " + socket + ": " + IoReason.of(e), e);
            }
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        byte[] data = new byte[16 * 1024];
        int length = 0;
        int n;
        while ((n = channel.read(ByteBuffer.wrap(data, length, data.length - length))) >= 0) {
            length += n;
            if (length == data.length) {
                if (data.length >= MAX_REPLY) {
                    throw new IOException("reply larger than " + MAX_REPLY + " bytes");
                }
                data = Arrays.copyOf(data, data.length * 2);
            }
        }
        return Arrays.copyOf(data, length);
    }

    /** The answer's content, or the exception it reports. */
    static byte[] content(byte[] reply) throws IOException {
        if (reply.length >= 2 && reply[1] == 0 && reply[0] == '0') {
            return Arrays.copyOfRange(reply, 2, reply.length);
        }
        if (reply.length >= 2 && reply[1] == 0 && reply[0] == '2') {
            String[] parts = new String(reply, 2, reply.length - 2, StandardCharsets.UTF_8).split("\0", 4);
            if (parts.length >= 3) {
                throw new QubesdException(LogText.printable(parts[0]), LogText.printable(parts[2]));
            }
        }
        throw new IOException("invalid qubesd response (" + reply.length + " bytes"
                + (reply.length == 0 ? ")" : ", starting with " + LogText.printable(
                new String(reply, 0, Math.min(reply.length, 16), StandardCharsets.ISO_8859_1)) + ")"));
    }
}
