package dev.qrexec.daemon;

import dev.qrexec.eval.ReplyFormatter;
import dev.qrexec.parser.IoReason;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@code policy.sock}, where qrexec-daemon asks for every call: one request of
 * {@code key=value} lines per connection, answered with the reply lines (no
 * trailing newline) before the connection is closed. A malformed request is
 * logged and closed without a reply; a client that does not finish its request
 * in time is dropped.
 */
final class PolicySocket implements Listener.Handler {
    private final RequestHandler handler;
    private final Watchdog watchdog;
    private final Duration requestTimeout;
    private final Consumer<String> log;

    PolicySocket(RequestHandler handler, Watchdog watchdog, Duration requestTimeout, Consumer<String> log) {
        this.handler = handler;
        this.watchdog = watchdog;
        this.requestTimeout = requestTimeout;
        this.log = log;
    }

    @Override
    public void serve(SocketChannel channel) {
        try (Connection connection = new Connection(channel)) {
            PolicyQuery query;
            try (Watchdog.Guard guard = watchdog.guard(requestTimeout, channel::close)) {
                try {
                    query = PolicyQueryReader.read(connection);
                } catch (IOException e) {
                    log.accept(guard.expired()
                            ? "error parsing policy request: no complete request within " + requestTimeout.toMillis()
                                    + " ms"
                            : "error reading policy request: " + IoReason.of(e));
                    return;
                }
            }
            switch (query) {
                case PolicyQuery.Refused refused -> log.accept(refused.reason());
                case PolicyQuery.Complete complete ->
                        connection.write(ReplyFormatter.format(handler.answer(complete.request(), complete.mode())));
            }
        } catch (IOException e) {
            log.accept("error sending policy reply: " + IoReason.of(e));
        } catch (RuntimeException | Error e) {
            log.accept("error serving policy request: " + e);
        }
    }
}
