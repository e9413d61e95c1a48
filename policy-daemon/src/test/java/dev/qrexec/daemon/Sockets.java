package dev.qrexec.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A test client: one connection, bytes sent, everything read until the server closes. */
final class Sockets {
    private Sockets() {}

    static String exchange(Path socket, String request) throws IOException {
        return new String(exchange(socket, request.getBytes(StandardCharsets.ISO_8859_1), false),
                StandardCharsets.ISO_8859_1);
    }

    static byte[] exchange(Path socket, byte[] request, boolean shutdownOutput) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            if (shutdownOutput) {
                channel.shutdownOutput();
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            try {
                while (channel.read(in) >= 0) {
                    reply.write(in.array(), 0, in.position());
                    in.clear();
                }
            } catch (IOException e) {
                // reset by the server after an abort: what came before counts
            }
            return reply.toByteArray();
        }
    }

    /** A policy.sock request as qrexec-daemon writes it, with the flags as given. */
    static String policyRequest(String source, String requestedSource, String target, String serviceAndArg,
                                boolean justEvaluate, boolean assumeYes) {
        StringBuilder out = new StringBuilder("source=").append(source).append('\n');
        if (requestedSource != null) {
            out.append("requested_source=").append(requestedSource).append('\n');
        }
        out.append("intended_target=").append(target).append('\n');
        out.append("service_and_arg=").append(serviceAndArg).append('\n');
        if (justEvaluate) {
            out.append("just_evaluate=yes\n");
        }
        if (assumeYes) {
            out.append("assume_yes_for_ask=yes\n");
        }
        return out.append('\n').toString();
    }
}
