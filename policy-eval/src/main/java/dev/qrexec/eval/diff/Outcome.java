package dev.qrexec.eval.diff;

import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Interaction;
import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Responder;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Position;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one side of a diff does with a request: the effective decision ({@code allow},
 * {@code ask}, or {@code deny}, also when an allow or ask rule could not be carried
 * out), the deciding rule, the target of an allow, the targets and default of an ask,
 * and the replies in the three non-interactive daemon modes (just_evaluate,
 * assume_yes_for_ask, both), exactly as the {@link Responder} gives them.
 */
public record Outcome(String decision, Optional<Position> rule, Optional<String> target,
                      List<String> targetsForAsk, Optional<String> defaultTarget, Optional<String> user,
                      boolean autostart, List<String> replies) {
    /** The three daemon modes whose replies are kept, in this order. */
    public static final List<Mode> MODES = List.of(Mode.JUST_EVALUATE, Mode.ASSUME_YES_FOR_ASK, Mode.BOTH);

    public Outcome {
        Objects.requireNonNull(decision);
        Objects.requireNonNull(rule);
        Objects.requireNonNull(target);
        targetsForAsk = List.copyOf(targetsForAsk);
        Objects.requireNonNull(defaultTarget);
        Objects.requireNonNull(user);
        replies = List.copyOf(replies);
    }

    /** The outcome of {@code evaluation}, with its replies in the three modes. */
    public static Outcome of(Evaluation evaluation, SystemInfo info) {
        List<String> replies = MODES.stream()
                .map(mode -> Responder.respond(evaluation, info, mode, Interaction.NONE).text())
                .toList();
        Decision decision = evaluation.decision();
        Optional<Position> rule = decision.decidingRule().map(r -> r.position());
        return switch (decision) {
            case Decision.Allowed allowed -> new Outcome("allow", rule, Optional.of(allowed.target().text()), List.of(),
                    Optional.empty(), userOf(allowed.user()), allowed.autostart(), replies);
            case Decision.AskUser ask -> new Outcome("ask", rule, Optional.empty(), ask.targets(),
                    ask.defaultTarget(), userOf(ask.user()), ask.autostart(), replies);
            case Decision.Denied denied -> new Outcome("deny", rule, Optional.empty(), List.of(), Optional.empty(),
                    Optional.empty(), false, replies);
        };
    }

    private static Optional<String> userOf(Optional<String> user) {
        return user.filter(u -> !u.isEmpty());
    }

    /**
     * Whether the two outcomes behave alike for every daemon mode and every answer of
     * the user: the same decision, target, offered targets, default, user and autostart
     * (the deciding rule may differ).
     */
    public boolean behavesLike(Outcome other) {
        return decision.equals(other.decision) && target.equals(other.target)
                && targetsForAsk.equals(other.targetsForAsk) && defaultTarget.equals(other.defaultTarget)
                && (decision.equals("deny") || user.equals(other.user) && autostart == other.autostart)
                && replies.equals(other.replies);
    }

    /** The decision with its target or offered targets, as a person reads it: {@code allow to vault}. */
    public String summary() {
        return switch (decision) {
            case "allow" -> "allow to " + target.orElseThrow()
                    + user.map(u -> " as " + u).orElse("") + (autostart ? "" : " (no autostart)");
            case "ask" -> "ask " + String.join(", ", targetsForAsk)
                    + defaultTarget.map(d -> " (default " + d + ")").orElse("")
                    + user.map(u -> " as " + u).orElse("") + (autostart ? "" : " (no autostart)");
            default -> "deny";
        };
    }

    /** {@code FILE:LINE} of the deciding rule, or {@code no rule}. */
    public String ruleText() {
        return rule.map(Position::fileAndLine).orElse("no rule");
    }
}
