package dev.qrexec.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips of {@link PolicyPrinter} and {@link PolicyFileParser}: printing any AST
 * and parsing the text gives the same AST, in both syntaxes; printing a parsed text
 * keeps every line (comments, blank and invalid lines included) at its line number.
 */
class PrinterProperties {
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

    private static void assertSameLines(PolicyFile expected, PolicyFile actual, String text) {
        assertEquals(expected.lines(), actual.lines(), () -> "text: " + PythonRepr.str(text));
        assertEquals(lineNumbers(expected.lines()), lineNumbers(actual.lines()), () -> "text: " + PythonRepr.str(text));
    }

    private static List<Integer> lineNumbers(List<Line> lines) {
        return lines.stream().map(l -> l.position().line()).toList();
    }

    @Property
    void parsingPrintedCurrentSyntaxGivesTheSameAst(@ForAll("currentFiles") PolicyFile file) {
        String text = PolicyPrinter.print(file);
        PolicyFile parsed = parse(text, Syntax.CURRENT);
        assertEquals(file.lines(), parsed.lines(), () -> "printed: " + PythonRepr.str(text));
        assertEquals(List.of(), parsed.diagnostics());
    }

    @Property
    void parsingPrintedLegacySyntaxGivesTheSameAst(@ForAll("legacyFiles") PolicyFile file) {
        String text = PolicyPrinter.print(file);
        PolicyFile parsed = parse(text, Syntax.LEGACY);
        assertEquals(file.lines(), parsed.lines(), () -> "printed: " + PythonRepr.str(text));
        assertEquals(List.of(), parsed.diagnostics());
    }

    @Property
    void printingAParsedCurrentFileKeepsEveryLine(@ForAll("texts") String text) {
        PolicyFile parsed = parse(text, Syntax.CURRENT);
        assertSameLines(parsed, parse(PolicyPrinter.print(parsed), Syntax.CURRENT), text);
    }

    @Property
    void printingAParsedLegacyFileKeepsEveryLine(@ForAll("texts") String text) {
        PolicyFile parsed = parse(text, Syntax.LEGACY);
        assertSameLines(parsed, parse(PolicyPrinter.print(parsed), Syntax.LEGACY), text);
    }

    @Property
    void printingIsStable(@ForAll("texts") String text) {
        for (Syntax syntax : Syntax.values()) {
            String once = PolicyPrinter.print(parse(text, syntax));
            assertEquals(once, PolicyPrinter.print(parse(once, syntax)), () -> "text: " + PythonRepr.str(text));
        }
    }
}
