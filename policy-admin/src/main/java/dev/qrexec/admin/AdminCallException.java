package dev.qrexec.admin;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A call of an admin service that did not succeed: either refused by the service (its
 * stderr names a {@link RefusalKind}), or failed otherwise (an internal error of the
 * service, a refusal by qrexec's policy, a missing qrexec), with the exchange as it was.
 */
public final class AdminCallException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final transient Exchange exchange;

    AdminCallException(String call, Exchange exchange) {
        super(describe(call, exchange), null, false, false);
        this.call = call;
        this.exchange = exchange;
    }

    /** The call, as {@code SERVICE[+ARGUMENT]}. */
    public String call() {
        return call;
    }

    public Exchange exchange() {
        return exchange;
    }

    /** The service's refusal, when its stderr is one. */
    public Optional<Refusal> refusal() {
        return refusal(exchange);
    }

    private static Optional<Refusal> refusal(Exchange exchange) {
        String text = new String(exchange.stderr(), StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        return RefusalKind.fromWireName(text.substring(0, space))
                .map(kind -> new Refusal(kind, text.substring(space + 1)));
    }

    private static String describe(String call, Exchange exchange) {
        Optional<Refusal> refusal = refusal(exchange);
        if (refusal.isPresent()) {
            return refusal.get().message();
        }
        String stderr = new String(exchange.stderr(), StandardCharsets.UTF_8).strip();
        return call + " failed with exit status " + exchange.exitCode() + (stderr.isEmpty() ? "" : ": " + stderr);
    }
}
