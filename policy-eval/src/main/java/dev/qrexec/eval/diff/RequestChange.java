package dev.qrexec.eval.diff;

import dev.qrexec.eval.Request;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** One request whose outcome differs between the old and the new policy. */
public record RequestChange(Request request, Outcome old, Outcome now, ChangeKind kind) {
    public RequestChange {
        Objects.requireNonNull(request);
        Objects.requireNonNull(old);
        Objects.requireNonNull(now);
        Objects.requireNonNull(kind);
    }

    /**
     * Whether the request gains access: it was denied and is now allowed or asked, an
     * ask became an allow, an allow goes to another target, or an ask offers a target
     * it did not offer before.
     */
    public boolean gainsAccess() {
        return switch (kind) {
            case DENY_TO_ALLOW, DENY_TO_ASK, ASK_TO_ALLOW, ALLOW_TARGET_CHANGED -> true;
            case ASK_TARGETS_CHANGED -> {
                Set<String> added = new HashSet<>(now.targetsForAsk());
                added.removeAll(old.targetsForAsk());
                yield !added.isEmpty();
            }
            case ASK_DEFAULT_CHANGED, DETAILS_CHANGED, ALLOW_TO_ASK, ALLOW_TO_DENY, ASK_TO_DENY, REPLY_CHANGED ->
                    false;
        };
    }
}
