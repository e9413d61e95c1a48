package dev.qrexec.parser.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The guarantees of {@link PolicyFormatter}: a formatted file parses to the same lines
 * (the same rules, so the same decisions; the same comments, blank lines and
 * directives, each at its line number), in both syntaxes; formatting is idempotent.
 */
class FormatterProperties {
    @Provide
    Arbitrary<PolicyFile> currentFiles() {
        return PolicyArbitraries.file(Syntax.CURRENT);
    }

    @Provide
    Arbitrary<PolicyFile> legacyFiles() {
        return PolicyArbitraries.file(Syntax.LEGACY);
    }

    @Provide
    Arbitrary<String> texts() {
        return PolicyArbitraries.text();
    }

    private static PolicyFile parse(String text, Syntax syntax) {
        return PolicyFileParser.parse(PolicyArbitraries.PATH, text, syntax);
    }

    private static List<Integer> lineNumbers(List<Line> lines) {
        return lines.stream().map(l -> l.position().line()).toList();
    }

    @Property
    void formattedCurrentFilesHaveTheSameLines(@ForAll("currentFiles") PolicyFile file) {
        assertSameLines(file);
    }

    @Property
    void formattedLegacyFilesHaveTheSameLines(@ForAll("legacyFiles") PolicyFile file) {
        assertSameLines(file);
    }

    private static void assertSameLines(PolicyFile file) {
        String text = PolicyFormatter.format(file);
        PolicyFile parsed = parse(text, file.syntax());
        assertEquals(List.of(), parsed.diagnostics(), () -> "formatted: " + PythonRepr.str(text));
        assertEquals(file.lines(), parsed.lines(), () -> "formatted: " + PythonRepr.str(text));
    }

    @Property
    void formattingAnyReadableTextKeepsEveryLineInPlace(@ForAll("texts") String text) {
        for (Syntax syntax : Syntax.values()) {
            PolicyFile parsed = parse(text, syntax);
            if (!parsed.isValid()) {
                continue;
            }
            String formatted = PolicyFormatter.format(parsed);
            PolicyFile reparsed = parse(formatted, syntax);
            assertEquals(parsed.lines(), reparsed.lines(), () -> "text: " + PythonRepr.str(text));
            assertEquals(lineNumbers(parsed.lines()), lineNumbers(reparsed.lines()),
                    () -> "text: " + PythonRepr.str(text));
        }
    }

    @Property
    void formattingIsIdempotent(@ForAll("texts") String text) {
        for (Syntax syntax : Syntax.values()) {
            PolicyFile parsed = parse(text, syntax);
            if (!parsed.isValid()) {
                continue;
            }
            String once = PolicyFormatter.format(parsed);
            assertEquals(once, PolicyFormatter.format(parse(once, syntax)), () -> "text: " + PythonRepr.str(text));
        }
    }

    @Property
    void formattingGeneratedFilesIsIdempotent(@ForAll("currentFiles") PolicyFile file) {
        String once = PolicyFormatter.format(file);
        assertEquals(once, PolicyFormatter.format(parse(once, Syntax.CURRENT)));
    }
}
