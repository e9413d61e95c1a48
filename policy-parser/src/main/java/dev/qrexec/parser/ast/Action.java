package dev.qrexec.parser.ast;

import java.util.Objects;
import java.util.Optional;

/**
 * The action of a rule with its parameters. Parameters that were not written are
 * empty; the accessors without "written" apply the language's defaults.
 */
public sealed interface Action {
    /** {@code allow}, {@code deny} or {@code ask}. */
    String keyword();

    /** Whether a notification is requested (deny: yes unless {@code notify=no}; allow, ask: only with {@code notify=yes}). */
    boolean notifyEnabled();

    /** The action and its parameters as policy text, parameters in canonical order. */
    String text();

    /** {@code allow [target=T] [user=U] [notify=yes|no] [autostart=yes|no]}. */
    record Allow(Optional<Token> target, Optional<String> user, Optional<Boolean> notification,
                 Optional<Boolean> autostart) implements Action {
        public Allow {
            Objects.requireNonNull(target);
            Objects.requireNonNull(user);
            Objects.requireNonNull(notification);
            Objects.requireNonNull(autostart);
        }

        @Override
        public String keyword() {
            return "allow";
        }

        @Override
        public boolean notifyEnabled() {
            return notification.orElse(false);
        }

        /** Whether the target may be started ({@code autostart}, default yes). */
        public boolean autostartEnabled() {
            return autostart.orElse(true);
        }

        @Override
        public String text() {
            return Parameters.text(keyword(), target, Optional.empty(), user, notification, autostart);
        }
    }

    /** {@code deny [notify=yes|no]}. */
    record Deny(Optional<Boolean> notification) implements Action {
        /** The plain {@code deny} of the rules that {@code !compat-4.0} adds. */
        public static final Deny PLAIN = new Deny(Optional.empty());

        public Deny {
            Objects.requireNonNull(notification);
        }

        @Override
        public String keyword() {
            return "deny";
        }

        @Override
        public boolean notifyEnabled() {
            return notification.orElse(true);
        }

        @Override
        public String text() {
            return Parameters.text(keyword(), Optional.empty(), Optional.empty(), Optional.empty(), notification,
                    Optional.empty());
        }
    }

    /** {@code ask [target=T] [default_target=D] [user=U] [notify=yes|no] [autostart=yes|no]}. */
    record Ask(Optional<Token> target, Optional<Token> defaultTarget, Optional<String> user,
               Optional<Boolean> notification, Optional<Boolean> autostart) implements Action {
        public Ask {
            Objects.requireNonNull(target);
            Objects.requireNonNull(defaultTarget);
            Objects.requireNonNull(user);
            Objects.requireNonNull(notification);
            Objects.requireNonNull(autostart);
        }

        @Override
        public String keyword() {
            return "ask";
        }

        @Override
        public boolean notifyEnabled() {
            return notification.orElse(false);
        }

        /** Whether the target may be started ({@code autostart}, default yes). */
        public boolean autostartEnabled() {
            return autostart.orElse(true);
        }

        @Override
        public String text() {
            return Parameters.text(keyword(), target, defaultTarget, user, notification, autostart);
        }
    }

    /** The {@code target=} redirect of allow and ask, empty for deny. */
    default Optional<Token> redirect() {
        return switch (this) {
            case Allow allow -> allow.target();
            case Ask ask -> ask.target();
            case Deny deny -> Optional.empty();
        };
    }

    /** The {@code user=} of allow and ask, empty for deny. */
    default Optional<String> user() {
        return switch (this) {
            case Allow allow -> allow.user();
            case Ask ask -> ask.user();
            case Deny deny -> Optional.empty();
        };
    }
}
