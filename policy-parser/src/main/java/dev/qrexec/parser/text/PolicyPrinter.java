package dev.qrexec.parser.text;

import dev.qrexec.parser.ast.Blank;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Rule;

/**
 * Turns a {@link PolicyFile} back into policy text, one line per {@link Line}: rules
 * with single spaces and parameters in canonical order, directives, and comments,
 * blank lines and unreadable lines as they were.
 */
public final class PolicyPrinter {
    private PolicyPrinter() {}

    /** The whole file; every line ends with a line feed. */
    public static String print(PolicyFile file) {
        StringBuilder out = new StringBuilder();
        for (Line line : file.lines()) {
            out.append(print(line)).append('\n');
        }
        return out.toString();
    }

    /** One line, without its line end. */
    public static String print(Line line) {
        return switch (line) {
            case Rule rule -> rule.text();
            case LegacyRule rule -> {
                String text = rule.text();
                // In the legacy syntax a line starting with '!' or '#' is a directive or a
                // comment; a leading comma (read as a separator) keeps it a rule.
                yield text.startsWith("!") || text.startsWith("#") ? "," + text : text;
            }
            case Include include -> "!include " + include.path();
            case IncludeDir include -> "!include-dir " + include.path();
            case IncludeService include -> "!include-service " + include.service().text() + " "
                    + include.argument().text() + " " + include.path();
            case Compat40 compat -> "!compat-4.0";
            case Comment comment -> comment.text();
            case Blank blank -> "";
            case InvalidLine invalid -> invalid.text();
        };
    }
}
