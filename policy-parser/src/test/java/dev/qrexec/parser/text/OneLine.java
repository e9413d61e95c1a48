package dev.qrexec.parser.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.Severity;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.PythonRepr;
import dev.qrexec.parser.compat.Whitespace;
import java.util.List;

/** Parsing single policy lines in tests, and asserting the exact diagnostic of a bad one. */
final class OneLine {
    /** The path of the examples of policy-language.md 3.9. */
    static final String PATH = "/etc/qubes/policy.d/30-user.policy";

    private OneLine() {}

    /** The one line that {@code text} (without a line end) parses to. */
    static Line parse(Syntax syntax, String text) {
        List<Line> lines = PolicyFileParser.parse(PATH, text, syntax).lines();
        assertEquals(1, lines.size(), () -> "lines of " + PythonRepr.str(text) + ": " + lines);
        return lines.get(0);
    }

    static Line current(String text) {
        return parse(Syntax.CURRENT, text);
    }

    static Line legacy(String text) {
        return parse(Syntax.LEGACY, text);
    }

    /** The diagnostic of a line that must be invalid. */
    static Diagnostic error(Syntax syntax, String text) {
        Line line = parse(syntax, text);
        return assertInstanceOf(InvalidLine.class, line, () -> PythonRepr.str(text) + " parsed as " + line)
                .diagnostic();
    }

    /**
     * Asserts that {@code text}, line 1 of {@link #PATH}, is refused with exactly this
     * code, column and message, and that the reference's text is {@code PATH:1: message}.
     */
    static void assertError(Syntax syntax, String text, Code code, int column, String message) {
        Line line = parse(syntax, text);
        InvalidLine invalid = assertInstanceOf(InvalidLine.class, line, () -> PythonRepr.str(text) + " parsed as " + line);
        Diagnostic d = invalid.diagnostic();
        assertEquals(message, d.message(), () -> "message for " + PythonRepr.str(text));
        assertEquals(code, d.code(), () -> "code for " + PythonRepr.str(text));
        assertEquals(new Position(PATH, 1, column), d.position(), () -> "position for " + PythonRepr.str(text));
        assertEquals(Severity.ERROR, d.severity());
        assertEquals(PATH + ":1: " + message, d.referenceText());
        assertEquals(withoutTrailingSeparators(syntax, text), invalid.text(), "the invalid line keeps its text");
    }

    /**
     * The line as an invalid line keeps it: trailing separators (whitespace; in legacy
     * files commas too, except a leading one, which is what makes the line a rule) go.
     */
    private static String withoutTrailingSeparators(Syntax syntax, String text) {
        String kept = Whitespace.stripTrailing(text);
        while (syntax == Syntax.LEGACY && kept.endsWith(",") && !Whitespace.strip(kept).equals(",")) {
            kept = Whitespace.stripTrailing(kept.substring(0, kept.length() - 1));
        }
        return kept;
    }

    static void assertCurrentError(String text, Code code, int column, String message) {
        assertError(Syntax.CURRENT, text, code, column, message);
    }

    static void assertLegacyError(String text, Code code, int column, String message) {
        assertError(Syntax.LEGACY, text, code, column, message);
    }
}
