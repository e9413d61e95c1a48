package dev.qrexec.eval.suite;

import dev.qrexec.eval.diff.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a test expects of a request: the decision ({@code allow}, {@code ask} or
 * {@code deny}, as the daemon carries it out: an allow or ask that cannot be carried
 * out is a deny), and optionally the target an allow goes to ({@code as}), the
 * deciding rule ({@code FILE:LINE}, the file as a path or its end), the targets an ask
 * offers and the default it proposes.
 */
public record Expectation(String decision, Optional<String> as, Optional<String> rule,
                          Optional<List<String>> targetsForAsk, Optional<String> defaultTarget) {
    public Expectation {
        Objects.requireNonNull(decision);
        Objects.requireNonNull(as);
        Objects.requireNonNull(rule);
        targetsForAsk = targetsForAsk.map(List::copyOf);
        Objects.requireNonNull(defaultTarget);
    }

    /** The ways {@code actual} differs from this expectation, as phrases; empty when it meets it. */
    public List<String> mismatches(Outcome actual) {
        List<String> out = new ArrayList<>();
        if (!decision.equals(actual.decision())) {
            out.add("expected " + decision + ", got " + actual.summary());
            return out;
        }
        as.filter(t -> !actual.target().equals(Optional.of(t)))
                .ifPresent(t -> out.add("expected the call to go to " + t + ", it goes to "
                        + actual.target().orElse("no target")));
        rule.filter(r -> !ruleMatches(r, actual))
                .ifPresent(r -> out.add("expected rule " + r + " to decide, " + actual.ruleText() + " did"));
        targetsForAsk.filter(t -> !new TreeSet<>(t).equals(new TreeSet<>(actual.targetsForAsk())))
                .ifPresent(t -> out.add("expected the ask to offer " + String.join(", ", new TreeSet<>(t))
                        + ", it offers " + String.join(", ", actual.targetsForAsk())));
        defaultTarget.filter(d -> !actual.defaultTarget().equals(Optional.of(d)))
                .ifPresent(d -> out.add("expected default target " + d + ", got "
                        + actual.defaultTarget().orElse("none")));
        return out;
    }

    /** {@code FILE:LINE} names the rule at that line of a file whose path is FILE or ends with {@code /FILE}. */
    private static boolean ruleMatches(String expected, Outcome actual) {
        if (actual.rule().isEmpty()) {
            return false;
        }
        String found = actual.rule().get().fileAndLine();
        return found.equals(expected) || found.endsWith("/" + expected);
    }
}
