package dev.qrexec.lsp;

import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Explanation;
import dev.qrexec.eval.Mismatch;

/**
 * A short text of an explanation, used when the server is started without the
 * command-line tool's text (in tests of this module): decision, reply and rules.
 */
final class ExplanationSummary {
    private ExplanationSummary() {}

    static String of(Explanation explanation) {
        StringBuilder out = new StringBuilder();
        Decision decision = explanation.evaluation().decision();
        out.append("decision: ").append(decision.action()).append('\n');
        if (decision instanceof Decision.Denied denied) {
            out.append("reason: ").append(denied.reason()).append('\n');
        }
        explanation.reply().ifPresent(reply -> out.append("reply: ").append(reply.strip()).append('\n'));
        out.append("deciding rule: ").append(explanation.matched()
                .map(rule -> rule.position() + ": " + rule.text()).orElse("none")).append('\n');
        for (Mismatch mismatch : explanation.skipped()) {
            out.append("  ").append(mismatch.rule().position()).append(": ").append(mismatch.column().word())
                    .append(": ").append(mismatch.reason()).append('\n');
        }
        return out.toString();
    }
}
