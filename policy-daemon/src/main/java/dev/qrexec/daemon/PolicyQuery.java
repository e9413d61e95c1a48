package dev.qrexec.daemon;

import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Request;
import java.util.Objects;

/**
 * What a client of {@code policy.sock} sent: a complete request with its flags, or
 * a refusal (framing or key errors) with the reason to log. A refused query gets
 * no reply, as in the reference.
 */
sealed interface PolicyQuery {
    /** A well-formed request. */
    record Complete(Request request, Mode mode) implements PolicyQuery {
        public Complete {
            Objects.requireNonNull(request);
            Objects.requireNonNull(mode);
        }
    }

    /** A malformed one: {@code reason} is the log line. */
    record Refused(String reason) implements PolicyQuery {
        public Refused {
            Objects.requireNonNull(reason);
        }
    }
}
