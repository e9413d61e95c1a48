package dev.qrexec.cli.graph;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Asks qubesd for {@code internal.GetSystemInfo} over its internal UNIX socket,
 * in qubesd's wire format: the request line and a NUL, end of input, then
 * {@code 0 NUL JSON} or an exception reply {@code 2 NUL TYPE NUL TRACEBACK NUL MESSAGE NUL}.
 * Bounded in size and time: a hung or babbling qubesd is an error, not a hang.
 */
public final class QubesdSystemInfo {
    /** The socket qubesd serves {@code internal.*} calls on. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/qubesd.internal.sock");

    private static final byte[] REQUEST = "internal.GetSystemInfo+ dom0 name dom0\0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_REPLY_BYTES = 64 << 20;

    private final Path socket;
    private final Duration timeout;

    public QubesdSystemInfo(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** The system information as qubesd reports it now. */
    public SystemInfo fetch() throws SystemInfoException {
        byte[] reply;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor();
             SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Future<byte[]> exchange = executor.submit(() -> exchange(channel));
            try {
                reply = exchange.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                channel.close();
                throw new SystemInfoException("qubesd at " + socket + " did not answer within "
                        + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                throw new SystemInfoException("cannot talk to qubesd at " + socket + ": " + e.getCause().getMessage(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SystemInfoException("interrupted while asking qubesd");
            }
        } catch (IOException e) {
            throw new SystemInfoException("cannot connect to qubesd at " + socket + ": " + e.getMessage(), e);
        }
        return SystemInfo.parse(content(reply));
    }

    private static byte[] exchange(SocketChannel channel) throws IOException {
        ByteBuffer request = ByteBuffer.wrap(REQUEST);
        while (request.hasRemaining()) {
            channel.write(request);
        }
        channel.shutdownOutput();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        while (channel.read(buffer) >= 0) {
            if (reply.size() + buffer.position() > MAX_REPLY_BYTES) {
                throw new IOException("reply larger than " + MAX_REPLY_BYTES + " bytes");
            }
            reply.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return reply.toByteArray();
    }

    /** The content of an OK reply; an exception reply or anything else is an error. */
    static byte[] content(byte[] reply) throws SystemInfoException {
        if (reply.length >= 2 && reply[0] == '0' && reply[1] == 0) {
            return Arrays.copyOfRange(reply, 2, reply.length);
        }
        if (reply.length >= 2 && reply[0] == '2' && reply[1] == 0) {
            String[] parts = new String(reply, 2, reply.length - 2, StandardCharsets.UTF_8).split("\0", -1);
            String type = parts[0];
            String message = parts.length > 2 ? parts[2] : "";
            throw new SystemInfoException("qubesd refused internal.GetSystemInfo: " + type
                    + (message.isEmpty() ? "" : ": " + message));
        }
        throw new SystemInfoException("invalid qubesd response (" + reply.length + " bytes)");
    }
}
