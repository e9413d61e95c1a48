package dev.qrexec.parser.text;

import static dev.qrexec.parser.text.OneLine.assertCurrentError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Blank;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.ast.Token;
import dev.qrexec.parser.compat.Whitespace;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a file into lines and fields (policy-language.md 2.2 to 2.4): the 29
 * whitespace code points, the look-alikes that are not whitespace, the three line
 * ends, the byte order mark, comments and blank lines.
 */
class WhitespaceAndLinesTest {
    /** Python's {@code str.isspace()} set (Unicode 14.0), as listed in 2.3. */
    static final int[] WHITESPACE = {
        0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
        0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
        0x2028, 0x2029, 0x202f, 0x205f, 0x3000};

    /** Whitespace that does not end a line: all but LF and CR. */
    static IntStream inLineWhitespace() {
        return IntStream.of(WHITESPACE).filter(cp -> cp != '\n' && cp != '\r');
    }

    /** Characters that look like or are often taken for whitespace, but are not in the set. */
    static IntStream lookAlikes() {
        return IntStream.of(0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x0000, 0x0008, 0x007f,
                0x0e, 0x1b, 0x2061, 0x3164, 0xffa0, 0x115f, 0x2800);
    }

    private static final Rule SVC_RULE = new Rule(new ServiceSpec.Named("test.Svc"), ArgumentSpec.Any.INSTANCE,
            new Token.Name("work"), new Token.Name("personal"),
            new Action.Allow(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
            new Position(OneLine.PATH, 1, 1));

    @Test
    void theSetHasExactly29CodePoints() {
        assertEquals(29, WHITESPACE.length);
        int[] all = IntStream.rangeClosed(0, Character.MAX_CODE_POINT).filter(Whitespace::isSpace).toArray();
        assertEquals(List.of(IntStream.of(WHITESPACE).boxed().toArray()), List.of(IntStream.of(all).boxed().toArray()));
    }

    @ParameterizedTest(name = "U+{0}")
    @MethodSource("inLineWhitespace")
    void separatesFields(int cp) {
        String ws = Character.toString(cp);
        String line = String.join(ws, "test.Svc", "*", "work", "personal", "allow");
        assertEquals(SVC_RULE, OneLine.current(line));
        assertEquals(SVC_RULE, OneLine.current(String.join(ws + ws + " ", "test.Svc", "*", "work", "personal", "allow")));
    }

    @ParameterizedTest(name = "U+{0}")
    @MethodSource("inLineWhitespace")
    void isStrippedAtBothEnds(int cp) {
        String ws = Character.toString(cp);
        Rule rule = (Rule) OneLine.current(ws + ws + "test.Svc * work personal allow" + ws);
        assertEquals(SVC_RULE, rule);
        assertEquals(new Position(OneLine.PATH, 1, 3), rule.position());
        assertEquals(new Comment("# c" + ws, rule.position()), OneLine.current(ws + "# c" + ws));
        assertInstanceOf(Blank.class, OneLine.current(ws));
        assertInstanceOf(Blank.class, OneLine.legacy(ws + ws));
    }

    @ParameterizedTest(name = "U+{0}")
    @MethodSource("lookAlikes")
    void lookAlikesAreFieldCharacters(int cp) {
        String action = "allow" + Character.toString(cp) + "notify=yes";
        assertCurrentError("test.Svc * work personal " + action, Code.INVALID_ACTION, 26, "invalid action: " + action);
    }

    @Test
    void referenceExamplesOfFields() {
        assertEquals(SVC_RULE, OneLine.current("test.Svc\u000b*\u000cwork\u001cpersonal\u0085allow\u3000"));
        assertEquals(new Action.Allow(Optional.empty(), Optional.empty(), Optional.of(true), Optional.empty()),
                ((Rule) OneLine.current("test.Svc * work personal allow\u00a0notify=yes")).action());
        assertCurrentError("test.Svc * work personal allow\u200bnotify=yes", Code.INVALID_ACTION, 26,
                "invalid action: allow\u200bnotify=yes");
    }

    @Test
    void stripAndSplit() {
        assertEquals("a \u00a0b", Whitespace.strip("\u3000\t a \u00a0b\u2029\u001f"));
        assertEquals("\u3000a", Whitespace.stripTrailing("\u3000a\u0085 "));
        assertEquals(List.of("a", "b\u200bc", "d"), Whitespace.split("\u2000a\u2001\u2002b\u200bc\u205fd\u202f"));
        assertEquals(List.of(), Whitespace.split(" \t\u000b"));
        assertEquals(List.of(), Whitespace.split(""));
    }

    // ------------------------------------------------------------------ 2.2 line ends

    private static List<Line> lines(String text) {
        return PolicyFileParser.parse(OneLine.PATH, text, Syntax.CURRENT).lines();
    }

    private static List<Integer> lineNumbers(List<Line> lines) {
        return lines.stream().map(l -> l.position().line()).toList();
    }

    @Test
    void lfCrLfAndLoneCrEachEndOneLine() {
        List<Line> lines = lines("#A\r\n#B\r#C\n#D");
        assertEquals(List.of(new Comment("#A", pos(1)), new Comment("#B", pos(2)), new Comment("#C", pos(3)),
                new Comment("#D", pos(4))), lines);
        assertEquals(List.of(1, 2, 3, 4), lineNumbers(lines));
        List<Line> bad = lines("A\r\nB\rC\nD");
        assertEquals(List.of(1, 2, 3, 4), lineNumbers(bad));
        bad.forEach(l -> assertEquals(Code.WRONG_FIELD_COUNT, ((InvalidLine) l).diagnostic().code()));
        assertEquals(List.of("A", "B", "C", "D"), bad.stream().map(l -> ((InvalidLine) l).text()).toList());
    }

    @Test
    void blankLinesAreKeptWithTheirNumbers() {
        assertEquals(List.of(), lines(""));
        assertEquals(List.of(new Blank(pos(1))), lines("\n"));
        assertEquals(List.of(new Blank(pos(1))), lines("\r"));
        assertEquals(List.of(new Blank(pos(1))), lines("\r\n"));
        assertEquals(List.of(new Blank(pos(1)), new Blank(pos(2))), lines("\n\r"));
        assertEquals(List.of(1, 2, 3), lineNumbers(lines("\r\r\n\n")));
        assertEquals(List.of(1, 2, 3), lineNumbers(lines(" \t\n\u3000\r\u00a0")));
        List<Line> mixed = lines("\n# c\n\n* * @anyvm @anyvm deny\n \n");
        assertEquals(List.of(1, 2, 3, 4, 5), lineNumbers(mixed));
        assertEquals(List.of(Blank.class, Comment.class, Blank.class, Rule.class, Blank.class),
                mixed.stream().map(Object::getClass).toList());
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029})
    void otherLineBreaksOfJavaDoNotEndALine(int cp) {
        String sep = Character.toString(cp);
        List<Line> lines = lines("#a" + sep + "b\nx" + sep + "y");
        assertEquals(List.of(new Comment("#a" + sep + "b", pos(1)), lines.get(1)), lines);
        assertEquals(new Position(OneLine.PATH, 2, 1), lines.get(1).position());
        assertEquals("wrong number of fields", ((InvalidLine) lines.get(1)).diagnostic().message());
    }

    @Test
    void theLastLineNeedsNoLineEnd() {
        List<Line> lines = lines("# a\r\n* * @anyvm @anyvm deny");
        assertEquals(new Position(OneLine.PATH, 2, 1), lines.get(1).position());
        assertInstanceOf(Rule.class, lines.get(1));
    }

    @Test
    void columnsCountCodePoints() {
        Diagnostic d = OneLine.error(Syntax.CURRENT, "s * 😀😀 @foo allow");
        assertEquals(new Position(OneLine.PATH, 1, 8), d.position());
        d = PolicyFileParser.parse(OneLine.PATH, "# 😀\r\n\t😀 * a b allow", Syntax.CURRENT).diagnostics().get(0);
        assertEquals(new Position(OneLine.PATH, 2, 2), d.position());
        assertEquals("service '😀' contains invalid characters: ('😀',)", d.message());
    }

    // ------------------------------------------------------------------ 2.1 byte order mark, 2.4 comments

    @Test
    void aByteOrderMarkIsPartOfTheFirstLine() {
        assertCurrentError("\ufefftest.Svc * a b allow", Code.INVALID_SERVICE, 1,
                "service '\\ufefftest.Svc' contains invalid characters: ('\\ufeff',)");
        assertCurrentError("\ufeff# comment", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertCurrentError("\ufeff#", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertCurrentError("\ufeff!include x", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
    }

    static Stream<String> comments() {
        return Stream.of("#", "# comment", "#!include x", "#*", "##", "# a\u200bb\u0000c", "#\t", "# trailing \u3000");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("comments")
    void commentsStartWithHash(String text) {
        assertEquals(new Comment(text, pos(1)), OneLine.current(text));
        assertEquals(new Comment(text, pos(1)), OneLine.legacy(text));
        assertEquals(new Position(OneLine.PATH, 1, 3), OneLine.current(" \t" + text).position());
    }

    @Test
    void thereAreNoInlineComments() {
        assertCurrentError("a.S * @anyvm @anyvm allow # note", Code.PARAMETER_SYNTAX, 27,
                "invalid action parameter syntax: '#'");
        assertCurrentError("a.S # @anyvm @anyvm allow", Code.INVALID_ARGUMENT, 5,
                "argument '#' contains invalid characters: ('#',)");
    }

    @Test
    void controlCharactersAreOrdinary() {
        Rule rule = (Rule) OneLine.current("s * a\u0000b c\u0001 deny");
        assertEquals(new Token.Name("a\u0000b"), rule.source());
        assertEquals(new Token.Name("c\u0001"), rule.target());
    }

    private static Position pos(int line) {
        return new Position(OneLine.PATH, line, 1);
    }
}
