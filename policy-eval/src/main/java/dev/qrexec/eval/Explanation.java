package dev.qrexec.eval;

import dev.qrexec.parser.ast.Rule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a request gets its answer: the evaluation (decision, deciding rule, reason),
 * the reply in the chosen mode (empty for an {@code ask} in interactive mode, where
 * the user's choice decides), every rule for the service before the deciding one
 * with the reason it did not match, the rule that matched, and for an {@code ask}
 * rule what it offers and why.
 */
public record Explanation(Evaluation evaluation, Optional<String> reply, List<Mismatch> skipped,
                          Optional<Rule> matched, Optional<AskOffer> offer) {
    public Explanation {
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(reply, "reply");
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(matched, "matched");
        Objects.requireNonNull(offer, "offer");
    }
}
