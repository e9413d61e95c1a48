package dev.qrexec.eval;

import dev.qrexec.parser.ast.Rule;
import java.util.Objects;

/**
 * Why a rule for the request's service did not decide the request: the first
 * column that did not match, and why, in the words of the matching code.
 */
public record Mismatch(Rule rule, Column column, String reason) {
    /** The column of a rule that failed to match. */
    public enum Column {
        ARGUMENT,
        SOURCE,
        TARGET;

        /** The column's name in lower case, as printed. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Mismatch {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(reason, "reason");
    }
}
