package dev.qrexec.parser.text;

import dev.qrexec.grammar.PolicyLexer;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.grammar.PolicyParser;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * Reads a file whose bytes are all ASCII the way the grammar does, in
 * one pass over the bytes and without the ANTLR lexer's and parser's adaptive machinery,
 * which a fresh process runs in the interpreter: most of a cold load's time. It hands
 * {@link AstBuilder} the same tokens (type, start and stop index) in the same line
 * contexts as {@code PolicyLexer} and {@code PolicyParser.line()} would, so the AST
 * and every diagnostic are the same; {@code AsciiLineScannerProperties} checks it
 * against the grammar on generated text.
 *
 * <p>What the grammar says, for ASCII: a line ends at LF, CR LF or a lone CR; fields
 * are separated by runs of tab, VT, FF, the four separators 0x1C to 0x1F and space;
 * leading separators are skipped; a line whose first character is {@code #} is a
 * comment; a first field that starts with {@code !} is a directive ({@code !include},
 * {@code !include-dir}, {@code !include-service}, {@code !compat-4.0}, else unknown),
 * followed by parameter fields; other lines are rules of five or more fields, or lines
 * of one to four fields. In the legacy syntax commas separate fields too, a line
 * that starts with a comma is read whole as fields, and there are no directives here
 * (the AST builder reads them from the fields).
 */
final class AsciiLineScanner {
    private final byte[] text;
    private final Pair<TokenSource, CharStream> source;
    private final AstBuilder builder;
    private final boolean legacy;
    private int position;

    private AsciiLineScanner(byte[] text, CharStream input, AstBuilder builder, boolean legacy) {
        this.text = text;
        this.source = new Pair<>(null, input);
        this.builder = builder;
        this.legacy = legacy;
    }

    /** Reads {@code text} (ASCII only; {@code input} holds the same characters) into {@code builder}. */
    static PolicyFile read(byte[] text, CharStream input, AstBuilder builder, Syntax syntax) {
        return new AsciiLineScanner(text, input, builder, syntax == Syntax.LEGACY).read();
    }

    /** Whether {@code b} ends a field: a separator (a comma too in the legacy syntax) or a line end. */
    private boolean endsField(int b) {
        return isSpace(b) || isLineEnd(b) || (legacy && b == ',');
    }

    /** Whether {@code b} separates fields: Python's whitespace, less the line ends, within ASCII. */
    private static boolean isSpace(int b) {
        return b == ' ' || b == '\t' || b == 0x0B || b == 0x0C || (b >= 0x1C && b <= 0x1F);
    }

    private static boolean isLineEnd(int b) {
        return b == '\n' || b == '\r';
    }

    private PolicyFile read() {
        int length = text.length;
        while (true) {
            // leading separators are skipped
            while (position < length && isSpace(text[position])) {
                position++;
            }
            if (position >= length) {
                return builder.end(token(Token.EOF, length, length - 1));
            }
            int b = text[position];
            if (isLineEnd(b)) {
                builder.lineEnd(newline());
                continue;
            }
            builder.line(b == '#' ? comment() : legacy ? legacyFields() : fields());
            if (position >= length) {
                return builder.end(token(Token.EOF, length, length - 1));
            }
            builder.lineEnd(newline());
        }
    }

    /** The line end at the current position (LF, CR LF or CR). */
    private Token newline() {
        int start = position;
        if (text[position] == '\r' && position + 1 < text.length && text[position + 1] == '\n') {
            position += 2;
        } else {
            position++;
        }
        return token(PolicyLexer.NEWLINE, start, position - 1);
    }

    private org.antlr.v4.runtime.ParserRuleContext comment() {
        int start = position;
        while (position < text.length && !isLineEnd(text[position])) {
            position++;
        }
        Token comment = token(PolicyLexer.COMMENT, start, position - 1);
        if (legacy) {
            PolicyParser.LegacyLineContext base = new PolicyParser.LegacyLineContext();
            base.start = comment;
            base.stop = comment;
            return new PolicyParser.LegacyCommentLineContext(base);
        }
        return new PolicyParser.CommentLineContext(context(comment, comment));
    }

    /**
     * A legacy-syntax line that is not a comment: a leading comma (then every field
     * after it), or fields; commas separate fields like spaces.
     */
    private PolicyParser.LegacyLineContext legacyFields() {
        Token separator = null;
        if (text[position] == ',') {
            separator = token(PolicyLexer.LEADING_SEPARATOR, position, position);
            position++;
        }
        java.util.List<Token> fields = new java.util.ArrayList<>();
        while (true) {
            while (position < text.length && (isSpace(text[position]) || text[position] == ',')) {
                position++;
            }
            if (position >= text.length || isLineEnd(text[position])) {
                break;
            }
            fields.add(field(PolicyLexer.FIELD));
        }
        PolicyParser.LegacyLineContext base = new PolicyParser.LegacyLineContext();
        base.start = separator != null ? separator : fields.get(0);
        base.stop = fields.isEmpty() ? separator : fields.get(fields.size() - 1);
        if (separator != null) {
            PolicyParser.LegacySeparatedLineContext c = new PolicyParser.LegacySeparatedLineContext(base);
            c.fields.addAll(fields);
            return c;
        }
        PolicyParser.LegacyFieldsLineContext c = new PolicyParser.LegacyFieldsLineContext(base);
        c.fields.addAll(fields);
        return c;
    }

    /** A line of fields, the first one not a comment: a directive or rule line. */
    private PolicyParser.LineContext fields() {
        Token first = field(PolicyLexer.FIELD);
        if (text[first.getStartIndex()] == '!') {
            ((CommonToken) first).setType(directive(first.getStartIndex(), first.getStopIndex()));
        }
        Token[] rest = new Token[8];
        int count = 0;
        while (true) {
            while (position < text.length && isSpace(text[position])) {
                position++;
            }
            if (position >= text.length || isLineEnd(text[position])) {
                break;
            }
            if (count == rest.length) {
                rest = java.util.Arrays.copyOf(rest, count * 2);
            }
            rest[count++] = field(PolicyLexer.FIELD);
        }
        PolicyParser.LineContext base = context(first, count == 0 ? first : rest[count - 1]);
        return switch (first.getType()) {
            case PolicyLexer.INCLUDE -> {
                PolicyParser.IncludeLineContext c = new PolicyParser.IncludeLineContext(base);
                add(c.parameters, rest, 0, count);
                yield c;
            }
            case PolicyLexer.INCLUDE_DIR -> {
                PolicyParser.IncludeDirLineContext c = new PolicyParser.IncludeDirLineContext(base);
                add(c.parameters, rest, 0, count);
                yield c;
            }
            case PolicyLexer.INCLUDE_SERVICE -> {
                PolicyParser.IncludeServiceLineContext c = new PolicyParser.IncludeServiceLineContext(base);
                add(c.parameters, rest, 0, count);
                yield c;
            }
            case PolicyLexer.COMPAT_40 -> {
                PolicyParser.CompatLineContext c = new PolicyParser.CompatLineContext(base);
                add(c.parameters, rest, 0, count);
                yield c;
            }
            case PolicyLexer.UNKNOWN_DIRECTIVE -> {
                PolicyParser.UnknownDirectiveLineContext c = new PolicyParser.UnknownDirectiveLineContext(base);
                add(c.parameters, rest, 0, count);
                yield c;
            }
            default -> {
                if (count >= 4) {
                    PolicyParser.RuleLineContext c = new PolicyParser.RuleLineContext(base);
                    c.service = first;
                    c.argument = rest[0];
                    c.source = rest[1];
                    c.target = rest[2];
                    c.action = rest[3];
                    add(c.parameters, rest, 4, count);
                    yield c;
                }
                PolicyParser.ShortRuleLineContext c = new PolicyParser.ShortRuleLineContext(base);
                c.fields.add(first);
                add(c.fields, rest, 0, count);
                yield c;
            }
        };
    }

    /**
     * The lexer's type of a first field that starts with '!': one of the four
     * directive names when it is exactly that name (the longest match ties, and the
     * name is defined first), else an unknown directive.
     */
    private int directive(int start, int stop) {
        int length = stop - start + 1;
        if (matches(start, length, "!include")) {
            return PolicyLexer.INCLUDE;
        }
        if (matches(start, length, "!include-dir")) {
            return PolicyLexer.INCLUDE_DIR;
        }
        if (matches(start, length, "!include-service")) {
            return PolicyLexer.INCLUDE_SERVICE;
        }
        if (matches(start, length, "!compat-4.0")) {
            return PolicyLexer.COMPAT_40;
        }
        return PolicyLexer.UNKNOWN_DIRECTIVE;
    }

    private boolean matches(int start, int length, String name) {
        if (length != name.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The field at the current position (not a separator nor a line end). */
    private Token field(int type) {
        int start = position;
        while (position < text.length && !endsField(text[position])) {
            position++;
        }
        return token(type, start, position - 1);
    }

    private Token token(int type, int start, int stop) {
        return new CommonToken(source, type, Token.DEFAULT_CHANNEL, start, stop);
    }

    private static PolicyParser.LineContext context(Token start, Token stop) {
        PolicyParser.LineContext context = new PolicyParser.LineContext();
        context.start = start;
        context.stop = stop;
        return context;
    }

    private static void add(java.util.List<Token> to, Token[] tokens, int from, int count) {
        for (int i = from; i < count; i++) {
            to.add(tokens[i]);
        }
    }
}
