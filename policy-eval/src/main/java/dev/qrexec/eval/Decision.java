package dev.qrexec.eval;

import dev.qrexec.parser.ast.Rule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the policy decides for a request before the mode is applied: allow to one
 * target, ask the user among targets, or deny with a reason. Each names the rule
 * that decided, when one did.
 */
public sealed interface Decision {
    /** Where a denial came from. */
    enum Stage {
        /** The policy did not load. */
        LOAD,
        /** The request itself was refused (bad intended target, requested source). */
        REQUEST,
        /** No rule matched, or matching could not complete. */
        MATCH,
        /** A deny rule matched. */
        RULE,
        /** An allow or ask rule matched but could not be carried out. */
        EVALUATION,
        /** The allow could not be delivered (loopback, RemoteVM relay), or the user or agent said no. */
        RESOLUTION
    }

    /** The deciding rule, if a rule decided. */
    Optional<Rule> decidingRule();

    /**
     * The action of the first matching rule ({@code allow}, {@code ask} or
     * {@code deny}), or {@code deny} when no rule matched or the request was refused
     * before matching.
     */
    default String action() {
        return decidingRule().map(r -> r.action().keyword()).orElse("deny");
    }

    /** Allow the call to {@code target}: dom0, a qube (by name or {@code uuid:}), or a new disposable. */
    record Allowed(Rule rule, Resolution target, Optional<String> user, boolean autostart) implements Decision {
        public Allowed {
            Objects.requireNonNull(rule);
            Objects.requireNonNull(target);
            Objects.requireNonNull(user);
        }

        @Override
        public Optional<Rule> decidingRule() {
            return Optional.of(rule);
        }
    }

    /** Ask the user to choose among {@code targets} (sorted), proposing {@code defaultTarget}. */
    record AskUser(Rule rule, List<String> targets, Optional<String> defaultTarget, Optional<String> user,
                   boolean autostart, boolean notifyUser) implements Decision {
        public AskUser {
            Objects.requireNonNull(rule);
            targets = List.copyOf(targets);
            Objects.requireNonNull(defaultTarget);
            Objects.requireNonNull(user);
        }

        @Override
        public Optional<Rule> decidingRule() {
            return Optional.of(rule);
        }
    }

    /**
     * Deny, for {@code reason}. {@code notifyUser}: whether the user should be told.
     * {@code crash}: the exception the reference raises instead of answering, when it does.
     */
    record Denied(Stage stage, Optional<Rule> rule, String reason, boolean notifyUser, Optional<String> crash)
            implements Decision {
        public Denied {
            Objects.requireNonNull(stage);
            Objects.requireNonNull(rule);
            Objects.requireNonNull(reason);
            Objects.requireNonNull(crash);
        }

        @Override
        public Optional<Rule> decidingRule() {
            return rule;
        }

        static Denied of(Stage stage, Rule rule, String reason, boolean notify) {
            return new Denied(stage, Optional.ofNullable(rule), reason, notify, Optional.empty());
        }

        static Denied crash(Stage stage, Rule rule, ReferenceCrash crash) {
            return new Denied(stage, Optional.ofNullable(rule), crash.getMessage(), false,
                    Optional.of(crash.exception()));
        }
    }
}
