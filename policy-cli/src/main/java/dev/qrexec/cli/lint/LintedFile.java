package dev.qrexec.cli.lint;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Rule;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One file checked line by line: its errors and warnings by line, its rules (for the
 * warnings), and the text of each line without surrounding whitespace, by number.
 */
record LintedFile(String label, List<Diagnostic> diagnostics, List<Rule> rules, Map<Integer, String> lines) {
    LintedFile {
        Objects.requireNonNull(label, "label");
        diagnostics = List.copyOf(diagnostics);
        rules = List.copyOf(rules);
        lines = Map.copyOf(lines);
    }

    /** A file that could not be read or decoded at all. */
    static LintedFile unreadable(String label, Diagnostic error) {
        return new LintedFile(label, List.of(error), List.of(), Map.of());
    }
}
