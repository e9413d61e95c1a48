package dev.qrexec.parser.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser never throws, whatever the text (any Unicode, controls, lone surrogates),
 * gives one line per physical line, and places every position inside the text.
 */
class ParserRobustnessProperties {
    @Provide
    Arbitrary<String> anyStrings() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    /** Strings dense in the characters the grammar treats specially. */
    @Provide
    Arbitrary<String> trickyStrings() {
        return Arbitraries.strings().withChars("\r\n \t\u000b\u000c\u001c\u0085\u00a0\u2028\u3000#!,$@=*+:a\u200b\ufeff")
                .ofMaxLength(80);
    }

    @Provide
    Arbitrary<String> policyTexts() {
        return PolicyArbitraries.text();
    }

    @Property
    void anyString(@ForAll("anyStrings") String text) {
        checkBothSyntaxes(text);
    }

    @Property
    void trickyString(@ForAll("trickyStrings") String text) {
        checkBothSyntaxes(text);
    }

    @Property
    void policyLikeText(@ForAll("policyTexts") String text) {
        checkBothSyntaxes(text);
    }

    private static void checkBothSyntaxes(String text) {
        List<String> physical = physicalLines(text);
        for (Syntax syntax : Syntax.values()) {
            PolicyFile file = PolicyFileParser.parse("f", text, syntax);
            assertEquals(physical.size(), file.lines().size(), () -> syntax + " lines of " + PythonRepr.str(text));
            for (int i = 0; i < file.lines().size(); i++) {
                Line line = file.lines().get(i);
                Position position = line.position();
                int length = physical.get(i).codePointCount(0, physical.get(i).length());
                assertEquals("f", position.file());
                assertEquals(i + 1, position.line(), () -> "line of " + line + " in " + PythonRepr.str(text));
                assertTrue(position.column() >= 1 && position.column() <= Math.max(1, length),
                        () -> "column of " + line + " in " + PythonRepr.str(text));
                if (line instanceof InvalidLine invalid) {
                    assertFalse(invalid.diagnostic().message().isEmpty());
                    assertTrue(invalid.diagnostic().isError());
                    assertTrue(physical.get(i).startsWith(invalid.text()),
                            () -> "text of " + invalid + " in " + PythonRepr.str(text));
                }
            }
        }
    }

    /** The lines of a text under Python's universal newlines, without their ends. */
    private static List<String> physicalLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
