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

    private static List<Integer> lineNumbers(List<Line> lines) {
        return lines.stream().map(l -> l.position().line()).toList();
    }

    @Property
    void parsingPrintedCurrentSyntaxGivesTheSameAst(@ForAll("currentFiles") PolicyFile file) {
        assertPrintedTextParsesBack(file);
    }

    @Property
    void parsingPrintedLegacySyntaxGivesTheSameAst(@ForAll("legacyFiles") PolicyFile file) {
        assertPrintedTextParsesBack(file);
    }

    @Property
    void printingAParsedCurrentFileKeepsEveryLine(@ForAll("texts") String text) {
        assertReprintKeepsEveryLine(text, Syntax.CURRENT);
    }

    @Property
    void printingAParsedLegacyFileKeepsEveryLine(@ForAll("texts") String text) {
        assertReprintKeepsEveryLine(text, Syntax.LEGACY);
    }

    private static void assertPrintedTextParsesBack(PolicyFile file) {
        String text = PolicyPrinter.print(file);
        PolicyFile parsed = parse(text, file.syntax());
        assertEquals(file.lines(), parsed.lines(), () -> "printed: " + PythonRepr.str(text));
        assertEquals(List.of(), parsed.diagnostics());
    }

    private static void assertReprintKeepsEveryLine(String text, Syntax syntax) {
        PolicyFile parsed = parse(text, syntax);
        PolicyFile reparsed = parse(PolicyPrinter.print(parsed), syntax);
        assertEquals(parsed.lines(), reparsed.lines(), () -> "text: " + PythonRepr.str(text));
        assertEquals(lineNumbers(parsed.lines()), lineNumbers(reparsed.lines()), () -> "text: " + PythonRepr.str(text));
    }

    @Property
    void printingIsStable(@ForAll("texts") String text) {
        for (Syntax syntax : Syntax.values()) {
            String once = PolicyPrinter.print(parse(text, syntax));
            assertEquals(once, PolicyPrinter.print(parse(once, syntax)), () -> "text: " + PythonRepr.str(text));
        }
    }
}
