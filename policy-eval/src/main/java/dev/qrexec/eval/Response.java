package dev.qrexec.eval;

import java.util.List;
import java.util.Objects;

/**
 * The daemon's answer to one request: the reply exactly as written on the socket
 * ({@code result=deny}, {@code result=allow} or the allow lines, no trailing
 * newline), the evaluation behind it, whether the answer is an allow, and the log.
 */
public record Response(String reply, Evaluation evaluation, List<String> log) {
    public static final String DENY = "result=deny";
    public static final String ALLOW = "result=allow";

    public Response {
        Objects.requireNonNull(reply);
        Objects.requireNonNull(evaluation);
        log = List.copyOf(log);
    }

    /** Whether the call is allowed: {@code result=allow} alone or among the lines. */
    public boolean allowed() {
        return allows(reply);
    }

    /** Whether {@code reply} allows the call: {@code result=allow} alone or among the lines. */
    public static boolean allows(String reply) {
        return reply.equals(ALLOW) || reply.contains("\nresult=allow\n");
    }
}
