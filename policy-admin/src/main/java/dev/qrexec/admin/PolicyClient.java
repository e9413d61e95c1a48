package dev.qrexec.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The client side of the admin services, over any {@link Transport}. Unlike the
 * reference's client, an empty listing is an empty list, and {@link #get} returns the
 * content and the token in the order the wire has them.
 */
public final class PolicyClient {
    private final Transport transport;

    public PolicyClient(Transport transport) {
        this.transport = transport;
    }

    /** The names of the files of a scope, sorted. */
    public List<String> list(Scope scope) throws AdminCallException, IOException {
        return lines(call(new AdminService(Operation.LIST, scope), Optional.empty(), new byte[0]));
    }

    /** A file's content and token. */
    public Fetched get(Scope scope, String name) throws AdminCallException, IOException {
        byte[] reply = call(new AdminService(Operation.GET, scope), Optional.of(name), new byte[0]);
        int newline = 0;
        while (newline < reply.length && reply[newline] != '\n') {
            newline++;
        }
        if (newline == reply.length) {
            throw new IOException("malformed reply of " + scope.servicePrefix() + "Get: no token line");
        }
        return new Fetched(Arrays.copyOfRange(reply, newline + 1, reply.length),
                new String(reply, 0, newline, StandardCharsets.UTF_8));
    }

    /** Replaces or creates a file, if it is as {@code token} says ({@code any}, {@code new} or a Get's token). */
    public void replace(Scope scope, String name, byte[] content, String token) throws AdminCallException, IOException {
        byte[] head = (token + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] payload = Arrays.copyOf(head, head.length + content.length);
        System.arraycopy(content, 0, payload, head.length, content.length);
        call(new AdminService(Operation.REPLACE, scope), Optional.of(name), payload);
    }

    /** Removes a file, if it is as {@code token} says. */
    public void remove(Scope scope, String name, String token) throws AdminCallException, IOException {
        call(new AdminService(Operation.REMOVE, scope), Optional.of(name), token.getBytes(StandardCharsets.UTF_8));
    }

    /** The files that hold rules for {@code service}. */
    public List<String> filesFor(String service) throws AdminCallException, IOException {
        return lines(call(new AdminService(Operation.GET_FILES, Scope.MAIN), Optional.of(service), new byte[0]));
    }

    private byte[] call(AdminService service, Optional<String> argument, byte[] payload)
            throws AdminCallException, IOException {
        Exchange exchange = transport.call(service.serviceName(), argument, payload);
        if (exchange.exitCode() != 0) {
            throw new AdminCallException(Transport.fullName(service.serviceName(), argument), exchange);
        }
        return exchange.stdout();
    }

    private static List<String> lines(byte[] reply) {
        String text = new String(reply, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
