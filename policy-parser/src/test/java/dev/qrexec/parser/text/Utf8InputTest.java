package dev.qrexec.parser.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.StrictUtf8;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.misc.Interval;
import org.junit.jupiter.api.Test;

/** Reading the bytes of a policy file: the ASCII shortcut, strict UTF-8, shared field values. */
class Utf8InputTest {
    @Property
    void decodedCodePointsAreTheText(@ForAll String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!text.equals(new String(bytes, StandardCharsets.UTF_8))) {
            return; // lone surrogates have no UTF-8 form
        }
        CharStream stream = Utf8Input.decode(bytes, "f");
        assertEquals(text.codePointCount(0, text.length()), stream.size());
        assertEquals(text, stream.size() == 0 ? "" : stream.getText(Interval.of(0, stream.size() - 1)));
        assertEquals(text.chars().allMatch(c -> c < 0x80), Utf8Input.isAscii(bytes));
    }

    @Test
    void asciiIsCheckedEightBytesAtATimeAndInTheTail() {
        for (int length = 0; length < 20; length++) {
            for (int at = 0; at < length; at++) {
                byte[] bytes = "abcdefghijklmnopqrst".substring(0, length).getBytes(StandardCharsets.US_ASCII);
                assertTrue(Utf8Input.isAscii(bytes));
                bytes[at] = (byte) 0x80;
                assertFalse(Utf8Input.isAscii(bytes), "high bit at " + at + " of " + length);
            }
        }
    }

    @Test
    void invalidUtf8IsReportedAtItsLineAndColumn() {
        byte[] bytes = "a\r\nb\rcé \u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, broken, 0, bytes.length);
        broken[bytes.length] = (byte) 0xc3;
        StrictUtf8.Invalid e =
                assertThrows(StrictUtf8.Invalid.class, () -> Utf8Input.decode(broken, "f"));
        assertEquals(new Position("f", 3, 5), e.position("f", broken));
    }

    @Test
    void repeatedFieldsShareOneValueAndRepeatedErrorsAreEachReported() {
        PolicyFile file = PolicyFileParser.parse("f", """
                qubes.Filecopy * work vault allow target=vault
                qubes.Filecopy * work vault allow target=vault
                a/b * work vault allow
                a/b * work vault allow
                """, Syntax.CURRENT);
        Rule first = (Rule) file.lines().get(0);
        Rule second = (Rule) file.lines().get(1);
        assertSame(first.service(), second.service());
        assertSame(first.source(), second.source());
        assertSame(first.action(), second.action());
        assertEquals(new Position("f", 2, 1), second.position());
        assertEquals(List.of(new Position("f", 3, 1), new Position("f", 4, 1)),
                file.diagnostics().stream().map(Diagnostic::position).toList());
    }
}
