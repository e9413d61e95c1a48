package dev.qrexec.cli.lint;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Blank;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.Whitespace;
import dev.qrexec.parser.text.PolicyFileParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The check of {@code qubes-policy-lint}: every line of a file on its own, as a
 * one-line policy, includes not followed. Lines are split at LF, CR LF and CR and
 * stripped; empty lines and comments are skipped. {@code !include-dir} with one
 * parameter is not checked (and with another number is an error in both modes);
 * an included path must have no {@code /}, or be {@code include/NAME}. In
 * include-service mode a line is read in the legacy syntax of files meant for
 * {@code !include-service}. Messages are the parser's, positions name the line and
 * the column in the original line.
 */
final class LineLint {
    private static final String INVALID_PATH = ", only paths inside the directories /etc/qubes/policy.d and "
            + "/etc/qubes/policy.d/include are considered";

    private final boolean includeService;

    /** @param includeService whether the file is meant for {@code !include-service} (option {@code -i}) */
    LineLint(boolean includeService) {
        this.includeService = includeService;
    }

    /**
     * Checks the text of the file called {@code label}: its errors, and a warning for
     * each {@code !compat-4.0}, which is accepted but deprecated.
     */
    LintedFile check(String label, String text) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        Map<Integer, String> lines = new HashMap<>();
        int number = 0;
        for (String raw : (Iterable<String>) text.lines()::iterator) {
            number++;
            String stripped = Whitespace.strip(raw);
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            lines.put(number, stripped);
            int indent = raw.codePointCount(0, raw.indexOf(stripped.charAt(0)));
            List<String> fields = Whitespace.split(stripped);
            if (fields.getFirst().equals("!include-dir")) {
                if (fields.size() != 2) {
                    diagnostics.add(Diagnostic.error(Code.DIRECTIVE_PARAMETER_COUNT,
                            new Position(label, number, indent + 1), "invalid number of params"));
                }
                continue;
            }
            Line line = parse(label, stripped);
            Position at = new Position(label, number, indent + line.position().column());
            switch (line) {
                case InvalidLine invalid -> diagnostics.add(Diagnostic.error(invalid.diagnostic().code(),
                        new Position(label, number, indent + invalid.diagnostic().position().column()),
                        invalid.diagnostic().message()));
                case Include include -> pathError(include.path(), at).ifPresent(diagnostics::add);
                case IncludeService include -> pathError(include.path(), at).ifPresent(diagnostics::add);
                case Rule rule -> rules.add(new Rule(rule.service(), rule.argument(), rule.source(), rule.target(),
                        rule.action(), at));
                case LegacyRule rule -> rules.add(new Rule(ServiceSpec.Any.INSTANCE, ArgumentSpec.Any.INSTANCE, rule.source(),
                        rule.target(), rule.action(), at));
                case Compat40 compat -> diagnostics.add(Diagnostic.warning(Code.COMPAT_TRANSITIONAL, at,
                        "!compat-4.0 is transitional and will be deprecated"));
                case IncludeDir include -> { }
                case Comment comment -> { }
                case Blank blank -> { }
            }
        }
        return new LintedFile(diagnostics, rules, lines);
    }

    /** The one line that {@code stripped} (no line end, no surrounding whitespace) is. */
    private Line parse(String label, String stripped) {
        return PolicyFileParser.parse(label, stripped, includeService ? Syntax.LEGACY : Syntax.CURRENT)
                .lines().getFirst();
    }

    /** An include path must not leave the policy directory and its {@code include} directory. */
    private static Optional<Diagnostic> pathError(String path, Position at) {
        boolean ok = !path.contains("/") || (path.startsWith("include/") && path.indexOf('/') == path.lastIndexOf('/'));
        return ok ? Optional.empty()
                : Optional.of(Diagnostic.error(Code.NOT_A_FILE, at, "invalid path " + path + INVALID_PATH));
    }
}
