package dev.qrexec.eval.analysis;

import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Warnings switched off in the policy itself: a comment
 * {@code # qrexec-lint: ignore=CODE[,CODE...]} suppresses those warnings on its own
 * line and on the line after it (the rule it stands above). To the reference's parser
 * it is an ordinary comment. Errors cannot be suppressed.
 */
public final class Suppressions {
    /** The word that starts a suppression comment, after the {@code #}. */
    public static final String MARKER = "qrexec-lint:";

    private final Map<String, Map<Integer, Set<String>>> byFile;

    private Suppressions(Map<String, Map<Integer, Set<String>>> byFile) {
        this.byFile = byFile;
    }

    /** The suppression comments of parsed files (their comment lines). */
    public static Suppressions of(List<PolicyFile> files) {
        Map<String, Map<Integer, Set<String>>> byFile = new HashMap<>();
        for (PolicyFile file : files) {
            for (Line line : file.lines()) {
                if (line instanceof Comment comment) {
                    add(byFile, file.path(), comment.position().line(), comment.text());
                }
            }
        }
        return new Suppressions(byFile);
    }

    /** The suppression comments of one file's text, its positions named {@code file}. */
    public static Suppressions ofText(String file, String text) {
        Map<String, Map<Integer, Set<String>>> byFile = new HashMap<>();
        int number = 0;
        for (String raw : (Iterable<String>) text.lines()::iterator) {
            number++;
            String stripped = raw.strip();
            if (stripped.startsWith("#")) {
                add(byFile, file, number, stripped);
            }
        }
        return new Suppressions(byFile);
    }

    private static void add(Map<String, Map<Integer, Set<String>>> byFile, String file, int line, String comment) {
        Set<String> codes = codes(comment);
        if (!codes.isEmpty()) {
            Map<Integer, Set<String>> lines = byFile.computeIfAbsent(file, k -> new HashMap<>());
            lines.computeIfAbsent(line, k -> new HashSet<>()).addAll(codes);
            lines.computeIfAbsent(line + 1, k -> new HashSet<>()).addAll(codes);
        }
    }

    /** The codes a comment ({@code #...}) suppresses; none when it is not a suppression comment. */
    static Set<String> codes(String comment) {
        String body = comment.substring(1).strip();
        if (!body.startsWith(MARKER)) {
            return Set.of();
        }
        Set<String> codes = new HashSet<>();
        for (String part : body.substring(MARKER.length()).strip().split("\\s+")) {
            if (part.startsWith("ignore=")) {
                for (String code : part.substring("ignore=".length()).split(",")) {
                    if (!code.isBlank()) {
                        codes.add(code.strip());
                    }
                }
            }
        }
        return codes;
    }

    /** Whether {@code d} is a warning that a comment switches off. */
    public boolean suppresses(Diagnostic d) {
        if (d.isError()) {
            return false;
        }
        Map<Integer, Set<String>> lines = byFile.get(d.position().file());
        Set<String> codes = lines == null ? null : lines.get(d.position().line());
        return codes != null && codes.contains(d.code().id());
    }
}
