package dev.qrexec.eval;

import dev.qrexec.parser.ast.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records the steps of one ask and sums them up per target. The rules are walked
 * from the last to the first, so the last step heard for a target is that of the
 * earliest rule naming it, which is the one that counts.
 */
final class AskRecorder implements AskTrace {
    /** The last rule step for each target: the rule and whether it added (or removed). */
    private record Step(Rule rule, boolean added) {}

    /** A target that stands for {@code from} on the list, and why. */
    private record Replacement(String from, String why) {}

    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final Map<String, Replacement> replacements = new HashMap<>();
    private final Map<String, String> dropped = new LinkedHashMap<>();
    private String rejectedDefault;

    @Override
    public void added(String target, Rule rule) {
        steps.put(target, new Step(rule, true));
    }

    @Override
    public void removed(String target, Rule rule) {
        steps.put(target, new Step(rule, false));
    }

    @Override
    public void replaced(String from, String to, String why) {
        replacements.put(to, new Replacement(from, why));
    }

    @Override
    public void dropped(String target, String why) {
        dropped.put(target, why);
    }

    @Override
    public void defaultRejected(String proposed) {
        rejectedDefault = proposed;
    }

    /** The offer that {@code decision} (the ask's outcome) makes, with a note per target. */
    AskOffer offer(Decision decision) {
        List<String> targets = decision instanceof Decision.AskUser ask ? ask.targets() : List.of();
        Optional<String> proposed = decision instanceof Decision.AskUser ask ? ask.defaultTarget() : Optional.empty();
        List<TargetNote> notes = new ArrayList<>();
        for (String target : targets) {
            notes.add(offered(target));
        }
        steps.forEach((target, step) -> {
            if (!step.added() && !targets.contains(target)) {
                notes.add(new TargetNote.Removed(target, Optional.of(step.rule()),
                        "withdrawn by the deny rule at " + step.rule().position().fileAndLine()));
            }
        });
        dropped.forEach((target, why) -> notes.add(new TargetNote.Removed(target, Optional.empty(), why)));
        return new AskOffer(targets, proposed, Optional.ofNullable(rejectedDefault), notes);
    }

    private TargetNote offered(String target) {
        Step step = steps.get(target);
        if (step != null && step.added()) {
            return new TargetNote.Offered(target, target, step.rule(), "");
        }
        Replacement replacement = replacements.get(target);
        Step origin = steps.get(replacement.from());
        return new TargetNote.Offered(target, replacement.from(), origin.rule(), replacement.why());
    }
}
