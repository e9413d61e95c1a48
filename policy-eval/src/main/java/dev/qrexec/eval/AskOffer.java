package dev.qrexec.eval;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code ask} rule offers one request: the targets (sorted; empty when none
 * is left and the request is denied), the target proposed first, the
 * {@code default_target} that was not proposed because it is not among the targets,
 * and a note on every target a rule named.
 */
public record AskOffer(List<String> targets, Optional<String> defaultTarget, Optional<String> rejectedDefault,
                       List<TargetNote> notes) {
    public AskOffer {
        targets = List.copyOf(targets);
        Objects.requireNonNull(defaultTarget, "defaultTarget");
        Objects.requireNonNull(rejectedDefault, "rejectedDefault");
        notes = List.copyOf(notes);
    }
}
