package dev.qrexec.daemon;

import dev.qrexec.eval.AskParameters;
import dev.qrexec.eval.Interaction;
import dev.qrexec.eval.Notification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reaches the policy agent of a GUI qube as the reference does: for {@code dom0}
 * the socket service {@code SOCKET_DIR/policy.Ask} (or {@code policy.Notify}) with
 * the descriptor {@code SERVICE dom0 name dom0<NUL>} before the JSON; for any
 * other qube the program {@code QREXEC_CLIENT -d GUIVM "DEFAULT:QUBESRPC SERVICE dom0"}
 * with the JSON on its standard input. Unlike the reference, every call has a
 * deadline: an agent that does not answer in time fails the call (an ask is then
 * denied).
 */
public final class AgentTransport implements Interaction {
    public static final Path DEFAULT_SOCKET_DIRECTORY = Path.of("/etc/qubes-rpc");
    public static final Path DEFAULT_QREXEC_CLIENT = Path.of("/usr/lib/qubes/qrexec-client");
    private static final int MAX_ANSWER = 64 * 1024;

    private final Path socketDirectory;
    private final Path qrexecClient;
    private final Duration askTimeout;
    private final Duration notifyTimeout;
    private final Watchdog watchdog;

    AgentTransport(Path socketDirectory, Path qrexecClient, Duration askTimeout, Duration notifyTimeout,
                   Watchdog watchdog) {
        this.socketDirectory = socketDirectory;
        this.qrexecClient = qrexecClient;
        this.askTimeout = askTimeout;
        this.notifyTimeout = notifyTimeout;
        this.watchdog = watchdog;
    }

    @Override
    public String ask(String guivm, AskParameters parameters) throws IOException {
        return call(guivm, "policy.Ask", parameters.toJson(), askTimeout);
    }

    @Override
    public void notify(String guivm, Notification notification) throws IOException {
        call(guivm, "policy.Notify", notification.toJson(), notifyTimeout);
    }

    private String call(String guivm, String service, String json, Duration timeout) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return guivm.equals("dom0") ? callSocket(service, body, timeout) : callProgram(guivm, service, body, timeout);
    }

    private String callSocket(String service, byte[] body, Duration timeout) throws IOException {
        Path socket = socketDirectory.resolve(service);
        byte[] descriptor = (service + " dom0 name dom0\0").getBytes(StandardCharsets.US_ASCII);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Watchdog.Guard guard = watchdog.guard(timeout, channel::close)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer out = ByteBuffer.allocate(descriptor.length + body.length).put(descriptor).put(body).flip();
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.shutdownOutput();
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                while (channel.read(buffer) >= 0) {
                    answer.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                    limit(answer);
                }
                return decode(answer.toByteArray(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw failure(guard, "the policy agent at " + socket, timeout, e);
            }
        }
    }

    private String callProgram(String guivm, String service, byte[] body, Duration timeout) throws IOException {
        List<String> command = List.of(qrexecClient.toString(), "-d", guivm, "DEFAULT:QUBESRPC " + service + " dom0");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (Watchdog.Guard guard = watchdog.guard(timeout, process::destroyForcibly)) {
            try {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(body);
                }
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                try (InputStream out = process.getInputStream()) {
                    byte[] buffer = new byte[4096];
                    int n;
                    while ((n = out.read(buffer)) >= 0) {
                        answer.write(buffer, 0, n);
                        limit(answer);
                    }
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("still running after its output ended");
                }
                if (process.exitValue() != 0) {
                    throw new IOException("exited with status " + process.exitValue());
                }
                return decode(answer.toByteArray(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw failure(guard, qrexecClient + " for " + guivm, timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while calling " + service + " in " + guivm, e);
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static void limit(ByteArrayOutputStream answer) throws IOException {
        if (answer.size() > MAX_ANSWER) {
            throw new IOException("answer longer than " + MAX_ANSWER + " bytes");
        }
    }

    private static IOException failure(Watchdog.Guard guard, String peer, Duration timeout, IOException e) {
        if (guard.expired()) {
            return new IOException(peer + " did not answer within " + timeout.toMillis() + " ms", e);
        }
        return new IOException(peer + ": " + e.getMessage(), e);
    }

    private static String decode(byte[] bytes, java.nio.charset.Charset charset) throws IOException {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("the answer is not " + charset.name(), e);
        }
    }
}
