package dev.qrexec.parser.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Python 3.11's {@code repr()} as used in messages (policy-language.md Appendix A), checked against Python itself. */
class PythonReprTest {
    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("\u0000", "'\\x00'"),
                Arguments.of("\u007f", "'\\x7f'"),
                Arguments.of("\u009f", "'\\x9f'"),
                Arguments.of("\u00ad", "'\\xad'"),
                Arguments.of("\u00a0", "'\\xa0'"),
                Arguments.of("\u0085", "'\\x85'"),
                Arguments.of("\u200b", "'\\u200b'"),
                Arguments.of("\ufeff", "'\\ufeff'"),
                Arguments.of("\ue000", "'\\ue000'"),
                Arguments.of("\u0378", "'\\u0378'"),
                Arguments.of("\u2028\u3000\u1680", "'\\u2028\\u3000\\u1680'"),
                Arguments.of("\uffff", "'\\uffff'"),
                Arguments.of("\ud800", "'\\ud800'"),
                Arguments.of("\udb40\udc01", "'\\U000e0001'"),
                Arguments.of("\udbff\udfff", "'\\U0010ffff'"),
                // assigned in Unicode 15, unassigned in Python 3.11's Unicode 14
                Arguments.of("\ud83d\udedc", "'\\U0001f6dc'"),
                Arguments.of("\u0870", "'\u0870'"),
                Arguments.of("é€😀", "'é€😀'"),
                Arguments.of(" ~", "' ~'"),
                Arguments.of("\t\n\r", "'\\t\\n\\r'"),
                Arguments.of("\u000b\u000c", "'\\x0b\\x0c'"),
                Arguments.of("a'b", "\"a'b\""),
                Arguments.of("a\"b", "'a\"b'"),
                Arguments.of("a'\"b", "'a\\'\"b'"),
                Arguments.of("a\\b", "'a\\\\b'"),
                Arguments.of("", "''"),
                Arguments.of("'", "\"'\""),
                Arguments.of("\"", "'\"'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("strings")
    void str(String value, String repr) {
        assertEquals(repr, PythonRepr.str(value));
    }

    @Test
    void tuplesAndLists() {
        assertEquals("('/',)", PythonRepr.tuple(List.of("/")));
        assertEquals("('a', 'b', '\\ufeff', '\\uffff', '😀')", PythonRepr.tuple(List.of("a", "b", "\ufeff", "\uffff", "😀")));
        assertEquals("('\"', \"'\")", PythonRepr.tuple(List.of("\"", "'")));
        assertEquals("[]", PythonRepr.list(List.of()));
        assertEquals("['target=x', \"it's\"]", PythonRepr.list(List.of("target=x", "it's")));
        assertEquals("['=x']", PythonRepr.list(List.of("=x")));
    }

    @Test
    void invalidCharactersAreSortedByCodePointNotByUtf16Unit() {
        // U+1F600 sorts after U+FFFF although its first UTF-16 unit (U+D83D) sorts before it.
        assertEquals("('\\ufeff', '\\uffff', '😀')", Charsets.invalidCharacters("😀\uffff\ufeffab", false));
        assertEquals("('+',)", Charsets.invalidCharacters("a+b+", false));
        assertEquals(null, Charsets.invalidCharacters("a+b+", true));
    }
}
