package dev.qrexec.cli.lint;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One file checked: its errors and warnings by line, its rules (for the policy
 * analysis), and the text of each line without surrounding whitespace, by number.
 */
record LintedFile(List<Diagnostic> diagnostics, List<Rule> rules, Map<Integer, String> lines) {
    LintedFile {
        diagnostics = List.copyOf(diagnostics);
        rules = List.copyOf(rules);
        lines = Map.copyOf(lines);
    }

    /** A file that could not be read or decoded at all. */
    static LintedFile unreadable(Diagnostic error) {
        return new LintedFile(List.of(error), List.of(), Map.of());
    }

    /** The same file with {@code more} diagnostics merged in by line (errors first on a line). */
    LintedFile plus(List<Diagnostic> more) {
        List<Diagnostic> all = new ArrayList<>(diagnostics);
        all.addAll(more);
        all.sort(Comparator.comparingInt((Diagnostic d) -> d.position().line())
                .thenComparing(d -> !d.isError()));
        return new LintedFile(all, rules, lines);
    }

    /** The same file with only the warnings {@code selection} shows. */
    LintedFile selected(dev.qrexec.eval.analysis.WarningSelection selection,
                        dev.qrexec.eval.analysis.Suppressions suppressions) {
        return new LintedFile(selection.apply(diagnostics, suppressions), rules, lines);
    }

    /** The warnings alone. */
    List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** The same file without its warnings. */
    LintedFile errorsOnly() {
        return new LintedFile(diagnostics.stream().filter(Diagnostic::isError).toList(), rules, lines);
    }
}
