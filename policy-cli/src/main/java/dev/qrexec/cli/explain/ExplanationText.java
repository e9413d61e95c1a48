package dev.qrexec.cli.explain;

import dev.qrexec.eval.AskOffer;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Explanation;
import dev.qrexec.eval.Mismatch;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.TargetNote;

/** An explanation as text for a person, one fact per line. */
public final class ExplanationText {
    private final StringBuilder out = new StringBuilder();

    private ExplanationText() {}

    /** The text {@code qrexec-policy explain} prints (also the language server's explain command). */
    public static String of(Explanation explanation) {
        ExplanationText text = new ExplanationText();
        text.write(explanation);
        return text.out.toString();
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private void write(Explanation explanation) {
        Evaluation evaluation = explanation.evaluation();
        Request request = evaluation.request();
        line("request: " + request.source() + " -> " + (request.intendedTarget().isEmpty() ? "(none)"
                : request.intendedTarget()) + ", " + request.serviceAndArgument()
                + (request.hasRequestedSource() ? " on behalf of " + request.requestedSource() : ""));
        if (!evaluation.target().equals(request.intendedTarget()) || !evaluation.source().equals(request.source())) {
            line("evaluated as: " + evaluation.source() + " -> " + evaluation.target());
        }
        Decision decision = evaluation.decision();
        line("decision: " + ExplanationJson.outcome(decision));
        if (decision instanceof Decision.Denied denied) {
            line("reason: " + denied.reason());
        }
        explanation.reply().ifPresentOrElse(
                reply -> {
                    line("reply:");
                    reply.lines().forEach(l -> line("  " + l));
                },
                () -> line("reply: none yet: the user chooses (see the reply with --assume-yes-for-ask)"));
        explanation.matched().ifPresentOrElse(
                rule -> line("deciding rule: " + RuleText.of(rule)),
                () -> line("deciding rule: none"));
        if (!explanation.skipped().isEmpty()) {
            line(explanation.matched().isPresent()
                    ? "earlier rules for " + request.service() + " and why they did not match:"
                    : "rules for " + request.service() + " and why none matched:");
            for (Mismatch mismatch : explanation.skipped()) {
                line("  " + RuleText.of(mismatch.rule()));
                line("    " + mismatch.column().word() + ": " + mismatch.reason());
            }
        }
        explanation.offer().ifPresent(this::offer);
        if (!evaluation.log().isEmpty()) {
            line("log:");
            evaluation.log().forEach(l -> line("  " + l));
        }
    }

    private void offer(AskOffer offer) {
        line("targets offered:" + (offer.targets().isEmpty() ? " none" : ""));
        for (TargetNote note : offer.notes()) {
            if (note instanceof TargetNote.Offered offered) {
                line("  " + offered.target() + ": "
                        + (offered.via().isEmpty() ? "" : "from " + offered.origin() + " (" + offered.via() + "), ")
                        + "offered by " + RuleText.of(offered.rule()));
            }
        }
        boolean header = false;
        for (TargetNote note : offer.notes()) {
            if (note instanceof TargetNote.Removed removed) {
                if (!header) {
                    line("not offered:");
                    header = true;
                }
                line("  " + removed.target() + ": " + removed.reason());
            }
        }
        line("default target: " + offer.defaultTarget().orElse("none"));
        offer.rejectedDefault().ifPresent(proposed ->
                line("  default_target stands for " + proposed + ", which is not offered, so none is proposed"));
    }
}
