package dev.qrexec.daemon;

import dev.qrexec.eval.Domain;
import dev.qrexec.eval.LogText;
import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.Reply;
import dev.qrexec.eval.ReplyFormatter;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.IoReason;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The socket services {@code policy.EvalSimple} and {@code policy.EvalGUI}: a
 * qube asks whether {@code SOURCE} may call the queried service on {@code TARGET}
 * ({@code SOURCE<NUL>TARGET} after qrexec's descriptor) and gets
 * {@code result=allow} or {@code result=deny} and a newline, as both flags set
 * would answer. EvalGUI only answers the GUI qube of both qubes. Requests that
 * break the framing or naming rules are logged and closed without a reply; once
 * they pass, every failure is a {@code result=deny}.
 */
final class EvalService implements Listener.Handler {
    private static final String DENY = ReplyFormatter.format(Reply.Deny.INSTANCE);

    /** The longest descriptor part the reference's reader accepts. */
    static final int PART_LIMIT = 64 * 1024;
    /** The body is read up to this many bytes (the longest valid one is 95). */
    static final int BODY_LIMIT = 96;
    private static final int TARGET_LIMIT = 63;
    private static final int SOURCE_LIMIT = 31;

    private final String name;
    private final boolean gui;
    private final RequestHandler handler;
    private final Watchdog watchdog;
    private final Duration requestTimeout;
    private final Consumer<String> log;

    private EvalService(String name, boolean gui, RequestHandler handler, Watchdog watchdog, Duration requestTimeout,
                        Consumer<String> log) {
        this.name = name;
        this.gui = gui;
        this.handler = handler;
        this.watchdog = watchdog;
        this.requestTimeout = requestTimeout;
        this.log = log;
    }

    static EvalService simple(RequestHandler handler, Watchdog watchdog, Duration timeout, Consumer<String> log) {
        return new EvalService("policy.EvalSimple", false, handler, watchdog, timeout, log);
    }

    static EvalService gui(RequestHandler handler, Watchdog watchdog, Duration timeout, Consumer<String> log) {
        return new EvalService("policy.EvalGUI", true, handler, watchdog, timeout, log);
    }

    /** A request that passed the framing checks. */
    private record Query(String remote, byte[] service, String source, String target) {}

    @Override
    public void serve(SocketChannel channel) {
        try (Connection connection = new Connection(channel)) {
            Query query;
            try (Watchdog.Guard guard = watchdog.guard(requestTimeout, channel::close)) {
                try {
                    query = read(connection);
                } catch (IOException e) {
                    log.accept(name + ": " + (guard.expired()
                            ? "no complete request within " + requestTimeout.toMillis() + " ms"
                            : "read error: " + IoReason.of(e)));
                    return;
                }
            }
            if (query != null) {
                String reply = answer(query);
                if (reply != null) {
                    connection.write(reply + "\n");
                }
            }
        } catch (IOException e) {
            log.accept(name + ": error sending the reply: " + IoReason.of(e));
        } catch (RuntimeException | Error e) {
            log.accept(name + ": error serving a request: " + e);
        }
    }

    /** The request, or null after logging why it is refused. */
    private Query read(Connection connection) throws IOException {
        byte[] descriptor;
        byte[] caller;
        try {
            int length = connection.frameUntil((byte) ' ', PART_LIMIT);
            if (length == Connection.END) {
                log.accept(name + ": incomplete service descriptor");
                return null;
            }
            descriptor = connection.take(length);
            length = connection.frameUntil((byte) 0, PART_LIMIT);
            if (length == Connection.END) {
                log.accept(name + ": incomplete service descriptor");
                return null;
            }
            caller = connection.take(length);
        } catch (Connection.FramingException e) {
            log.accept(name + ": service descriptor too long (" + e.getMessage() + ")");
            return null;
        }
        int space = indexOf(caller, (byte) ' ', 0);
        byte[] remoteBytes = space < 0 ? caller : Arrays.copyOf(caller, space);
        if (!Connection.isAscii(remoteBytes)) {
            log.accept(name + ": non-ASCII name of the calling qube");
            return null;
        }
        String remote = Connection.ascii(remoteBytes);
        int plus = indexOf(descriptor, (byte) '+', 0);
        byte[] invoked = plus < 0 ? descriptor : Arrays.copyOf(descriptor, plus);
        if (!Arrays.equals(invoked, name.getBytes(StandardCharsets.US_ASCII))) {
            log.accept(name + " invoked with incorrect name " + printable(invoked) + " by " + remote);
            return null;
        }
        byte[] service = plus < 0 ? null : Arrays.copyOfRange(descriptor, plus + 1, descriptor.length);
        if (service == null || service.length == 0 || service[0] == '+') {
            log.accept(name + " requires an argument (the service to query), but" + remote + " did not provide one");
            return null;
        }
        byte[] body = connection.readUpTo(BODY_LIMIT);
        int nul = indexOf(body, (byte) 0, 0);
        if (nul < 0) {
            log.accept(name + ": invalid data from qube " + remote);
            return null;
        }
        byte[] source = Arrays.copyOf(body, nul);
        byte[] target = Arrays.copyOfRange(body, nul + 1, body.length);
        if (target.length < 1 || target.length > TARGET_LIMIT) {
            log.accept(name + ": " + remote + " sent a target of length " + target.length + ", but the limit is "
                    + TARGET_LIMIT);
            return null;
        }
        if (source.length < 1 || source.length > SOURCE_LIMIT) {
            log.accept(name + ": " + remote + " sent a source of length " + source.length + ", but the limit is "
                    + SOURCE_LIMIT);
            return null;
        }
        if (!isQubeName(source) || !isQubeName(target)) {
            log.accept(name + ": invalid data from qube " + remote);
            return null;
        }
        return new Query(remote, service, Connection.ascii(source), Connection.ascii(target));
    }

    /** The reply line without its newline, or null (no reply) when the GUI check refuses. */
    private String answer(Query query) {
        if (!Connection.isAscii(query.service())) {
            log.accept(name + ": non-ASCII service name from qube " + query.remote());
            return DENY;
        }
        Request request = Request.of(query.source(), query.target(), Connection.ascii(query.service()));
        SystemInfo info = handler.systemInfo(request);
        if (info == null) {
            return DENY;
        }
        if (gui && !(providesGui(info, query.remote(), query.source())
                && providesGui(info, query.remote(), query.target()))) {
            log.accept(name + " can only be invoked by a domain that provides GUI to both the source and target "
                    + "domains, not " + query.remote());
            return null;
        }
        return ReplyFormatter.format(handler.answer(request, Mode.BOTH, info));
    }

    private static boolean providesGui(SystemInfo info, String guivm, String qube) {
        Domain domain = info.get(qube);
        return domain != null && domain.hasTag("guivm-" + guivm);
    }

    /** Letters, digits and {@code @ _ - .}: the characters of qrexec's domain-name sanitiser. */
    private static boolean isQubeName(byte[] bytes) {
        for (byte b : bytes) {
            boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '@' || b == '_' || b == '-' || b == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String printable(byte[] bytes) {
        return LogText.printable(new String(bytes, StandardCharsets.ISO_8859_1));
    }
}
