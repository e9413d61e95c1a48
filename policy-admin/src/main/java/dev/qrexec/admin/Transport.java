package dev.qrexec.admin;

import java.io.IOException;
import java.util.Optional;

/**
 * How a client reaches the admin services: in this process (in dom0, as the
 * reference's tools do through a local qrexec call), or through qrexec from another qube.
 */
public sealed interface Transport permits LocalTransport, QrexecTransport {
    /**
     * Calls {@code service}, with {@code +argument} when an argument is given (even an
     * empty one), sending {@code payload} as its stdin.
     */
    Exchange call(String service, Optional<String> argument, byte[] payload) throws IOException;

    /** {@code SERVICE} or {@code SERVICE+ARGUMENT}, as qrexec names a call. */
    static String fullName(String service, Optional<String> argument) {
        return argument.map(a -> service + "+" + a).orElse(service);
    }
}
