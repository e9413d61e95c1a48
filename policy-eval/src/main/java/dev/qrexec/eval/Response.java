package dev.qrexec.eval;

import java.util.List;
import java.util.Objects;

/**
 * The daemon's answer to one request: the typed reply, the evaluation behind it,
 * and the log.
 */
public record Response(Reply reply, Evaluation evaluation, List<String> log) {
    public Response {
        Objects.requireNonNull(reply);
        Objects.requireNonNull(evaluation);
        log = List.copyOf(log);
    }

    /** The reply exactly as written on the socket (no trailing newline). */
    public String text() {
        return ReplyFormatter.format(reply);
    }

    /** Whether the call is allowed. */
    public boolean allowed() {
        return reply.allows();
    }
}
