package dev.qrexec.admin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/** Calls the admin services in this process, as {@code caller} (for the log). */
public record LocalTransport(PolicyAdmin admin, String caller) implements Transport {
    public LocalTransport {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(caller, "caller");
    }

    @Override
    public Exchange call(String service, Optional<String> argument, byte[] payload) throws IOException {
        Reply reply = admin.handle(AdminRequest.read(Transport.fullName(service, argument),
                new ByteArrayInputStream(payload), caller));
        return new Exchange(reply.exitCode(), reply.stdout(), reply.stderr());
    }
}
