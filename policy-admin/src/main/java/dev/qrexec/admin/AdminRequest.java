package dev.qrexec.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One call of an admin service as qrexec delivers it: the service name and argument
 * (split from {@code QREXEC_SERVICE_FULL_NAME} at the first {@code +}), the payload
 * read from stdin (at most {@link #MAX_PAYLOAD_BYTES}; {@code oversized} tells that
 * there was more), and the calling qube, which is only logged.
 */
public record AdminRequest(String service, String argument, byte[] payload, boolean oversized, String caller) {
    /** The largest payload accepted: far more than any policy file needs. */
    public static final int MAX_PAYLOAD_BYTES = 4 << 20;

    public AdminRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(caller, "caller");
        payload = payload.clone();
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
    }

    /** A request for {@code SERVICE[+ARGUMENT]} with this payload. */
    public static AdminRequest of(String fullName, byte[] payload, String caller) {
        int plus = fullName.indexOf('+');
        String service = plus < 0 ? fullName : fullName.substring(0, plus);
        String argument = plus < 0 ? "" : fullName.substring(plus + 1);
        return new AdminRequest(service, argument, payload, false, caller);
    }

    /** A request whose payload is read from {@code in} up to end of file, keeping at most the limit. */
    public static AdminRequest read(String fullName, InputStream in, String caller) throws IOException {
        byte[] payload = in.readNBytes(MAX_PAYLOAD_BYTES);
        boolean more = in.read() >= 0;
        AdminRequest request = of(fullName, payload, caller);
        return more ? new AdminRequest(request.service(), request.argument(), payload, true, caller) : request;
    }

    /** {@code SERVICE+ARGUMENT}, with the {@code +} even when the argument is empty, as the log names a call. */
    public String fullName() {
        return service + "+" + argument;
    }
}
