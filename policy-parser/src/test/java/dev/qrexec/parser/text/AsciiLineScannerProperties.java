package dev.qrexec.parser.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.PythonRepr;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.antlr.v4.runtime.CharStreams;

/**
 * {@link AsciiLineScanner} reads every ASCII text into exactly the file the grammar
 * reads, in both syntaxes (lines, tokens, every diagnostic with its position and the
 * invalid line's text).
 */
class AsciiLineScannerProperties {
    /** ASCII dense in what the grammar treats specially: line ends, every separator, '#', '!', directive names. */
    @Provide
    Arbitrary<String> trickyAscii() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().withChars("\r\n \t\u000b\u000c\u001c\u001d\u001e\u001f\u0000\u007f#!,$@=*+:-ab")
                        .ofMaxLength(6),
                Arbitraries.of("!include", "!include-dir", "!include-service", "!compat-4.0", "!includes", "!",
                        "@anyvm", "@default", "@adminvm", "@dispvm:x", "@tag:t", "@type:AppVM", "allow", "deny",
                        "ask", "target=a", "default_target=b", "user=u", "notify=yes", "autostart=no", "qubes.Filecopy",
                        "*", "+arg", " ", "\t", "\r\n", "\n", "\r", "# c", ",", ", ,", "$include:", "$anyvm", "$adminvm",
                        "$dispvm:x", "allow,target=a"));
        return pieces.list().ofMaxSize(40).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<String> policyTexts() {
        return PolicyArbitraries.text().filter(text -> text.chars().allMatch(c -> c < 0x80));
    }

    @Property(tries = 3000)
    void trickyText(@ForAll("trickyAscii") String text) {
        check(text);
    }

    @Property
    void policyLikeText(@ForAll("policyTexts") String text) {
        check(text);
    }

    @Example
    void edges() {
        for (String text : new String[] {"", "\n", "\r", "\r\n", "\n\r", " ", " \r\n ", "#", " #x\r", "!", "!include",
            "!include a b", "a", "a b c d", "a b c d e", "a b c d e f=g\t", "x * @anyvm @anyvm allow\r\n\r",
            "!compat-4.0 \n!includes x", "\u000b!include-dir\u001fx\u000c", ",", ",\n", " ,a,,b", "a,b,c",
            "$include:x", "$anyvm $anyvm allow,target=$dispvm", "#,x"}) {
            check(text);
        }
    }

    private static void check(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        for (Syntax syntax : Syntax.values()) {
            PolicyFile grammar = PolicyFileParser.parse("d/f", CharStreams.fromString(text, "d/f"), syntax);
            PolicyFile scanned = PolicyFileParser.parseAscii("d/f", ascii, CharStreams.fromString(text, "d/f"), syntax);
            assertEquals(grammar, scanned, () -> syntax + " " + PythonRepr.str(text));
        }
    }
}
