package dev.qrexec.lsp;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.compat.Whitespace;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The linter's suppression comments as the server honours them: a comment
 * {@code # qrexec-lint: ignore=CODE[,CODE...]} switches those warnings off on its own
 * line and on the next one (the rule it stands above). Errors are never suppressed.
 * (The linter's own reading of these comments was not on the main line when the
 * server was written; this follows the same rule, for the server's diagnostics and
 * the editor's check only.)
 */
final class LintSuppressions {
    static final String MARKER = "qrexec-lint:";
    static final String IGNORE = "ignore=";

    private final Map<String, Map<Integer, Set<String>>> byFile;

    private LintSuppressions(Map<String, Map<Integer, Set<String>>> byFile) {
        this.byFile = byFile;
    }

    static LintSuppressions of(List<PolicyFile> files) {
        Map<String, Map<Integer, Set<String>>> byFile = new HashMap<>();
        for (PolicyFile file : files) {
            for (Line line : file.lines()) {
                if (line instanceof Comment comment) {
                    Set<String> codes = codes(comment.text());
                    if (!codes.isEmpty()) {
                        Map<Integer, Set<String>> lines = byFile.computeIfAbsent(file.path(), k -> new HashMap<>());
                        int number = comment.position().line();
                        lines.computeIfAbsent(number, k -> new HashSet<>()).addAll(codes);
                        lines.computeIfAbsent(number + 1, k -> new HashSet<>()).addAll(codes);
                    }
                }
            }
        }
        return new LintSuppressions(byFile);
    }

    /** The codes a comment switches off (none when it is no suppression comment). */
    static Set<String> codes(String comment) {
        String body = Whitespace.strip(comment.substring(1));
        if (!body.startsWith(MARKER)) {
            return Set.of();
        }
        String rest = Whitespace.strip(body.substring(MARKER.length()));
        if (!rest.startsWith(IGNORE)) {
            return Set.of();
        }
        Set<String> codes = new HashSet<>();
        for (String code : rest.substring(IGNORE.length()).split(",")) {
            String trimmed = Whitespace.strip(code);
            if (!trimmed.isEmpty()) {
                codes.add(trimmed);
            }
        }
        return codes;
    }

    /** Whether {@code diagnostic} is a warning a comment switches off. */
    boolean suppresses(Diagnostic diagnostic) {
        if (diagnostic.isError()) {
            return false;
        }
        Set<String> codes = byFile.getOrDefault(diagnostic.position().file(), Map.of())
                .getOrDefault(diagnostic.position().line(), Set.of());
        return codes.contains(diagnostic.code().id());
    }
}
