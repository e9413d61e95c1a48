package dev.qrexec.cli.explain;

import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Rule;

/** How explanations name a rule. */
final class RuleText {
    private RuleText() {}

    /** {@code FILE:LINE:COLUMN}, or {@code FILE:None} for the implicit rules of {@code !compat-4.0}. */
    static String where(Rule rule) {
        Position at = rule.position();
        return at.hasLine() ? at.toString() : at.fileAndLine();
    }

    /** {@code FILE:LINE:COLUMN: TEXT}. */
    static String of(Rule rule) {
        return where(rule) + ": " + rule.text();
    }
}
