package dev.qrexec.eval;

import dev.qrexec.parser.ast.Rule;
import java.util.Objects;
import java.util.Optional;

/** Why one target is, or is not, among those an {@code ask} offers. */
public sealed interface TargetNote {
    /** The target as the list names it ({@code dom0}, a qube, {@code @dispvm:NAME}, ...). */
    String target();

    /**
     * Offered: {@code rule} put {@code origin} on the list (the earliest allow or ask
     * rule naming it, or the ask's own {@code target=}); {@code via} says how
     * {@code origin} became {@code target} when they differ ({@code @dispvm},
     * {@code @adminvm}), and is empty otherwise.
     */
    record Offered(String target, String origin, Rule rule, String via) implements TargetNote {
        public Offered {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(via, "via");
        }
    }

    /**
     * Not offered although a rule named it: taken away by the deny {@code rule}, or
     * (without a rule) for {@code reason}: the source itself, an internal qube, a
     * qube that would have to be started.
     */
    record Removed(String target, Optional<Rule> rule, String reason) implements TargetNote {
        public Removed {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
