package dev.qrexec.eval;

import java.util.Objects;
import java.util.Optional;

/**
 * The daemon's answer to one request, typed; {@link ReplyFormatter} writes its bytes.
 * Nothing reads a reply back from its text. (The constants sit in the records, not
 * here: an interface with a default method is initialised with its records.)
 */
public sealed interface Reply {
    /** Whether the call may go ahead. */
    default boolean allows() {
        return switch (this) {
            case Deny deny -> false;
            case Allow allow -> true;
            case Call call -> true;
        };
    }

    /** {@code result=deny}. */
    record Deny() implements Reply {
        public static final Deny INSTANCE = new Deny();
    }

    /** {@code result=allow} alone: the answer of a mode that only evaluates. */
    record Allow() implements Reply {
        public static final Allow INSTANCE = new Allow();
    }

    /**
     * The allow lines that start the call: where it goes, the uuid of the qube that
     * runs it (none for dom0), the user, whether the target may be started, the
     * target the caller asked for and, for a relayed call, the source the policy
     * was evaluated for.
     */
    record Call(Resolution target, Optional<String> targetUuid, Optional<String> user, boolean autostart,
                String requestedTarget, Optional<String> policySource) implements Reply {
        public Call {
            Objects.requireNonNull(target);
            Objects.requireNonNull(targetUuid);
            Objects.requireNonNull(user);
            Objects.requireNonNull(requestedTarget);
            Objects.requireNonNull(policySource);
        }

        /** The user the service runs as: the policy's {@code user=}, else {@code DEFAULT}. */
        public String userOrDefault() {
            return user.filter(u -> !u.isEmpty()).orElse("DEFAULT");
        }
    }
}
