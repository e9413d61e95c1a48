package dev.qrexec.parser.text;

import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.StrictUtf8;
import dev.qrexec.parser.ast.Token;
import dev.qrexec.grammar.PolicyLexer;
import dev.qrexec.grammar.PolicyParser;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.UnbufferedTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.atn.PredictionMode;
import java.nio.charset.StandardCharsets;

/**
 * Parses the text of one policy file into a {@link PolicyFile}. Never throws for bad
 * policy text: every line that cannot be read becomes an {@link InvalidLine} with
 * its diagnostic. Includes are not followed here; the loader ({@code dev.qrexec.parser.load.PolicyLoader}) does that.
 *
 * <p>The file is read the way the grammar's entry rules ({@code policyFile},
 * {@code legacyFile}) describe it, one {@code line} (or {@code legacyLine}) at a time
 * between the line ends, without building a parse tree of the whole file: each line's
 * context is turned into a {@link Line} at once and then dropped.
 */
public final class PolicyFileParser {
    private PolicyFileParser() {}

    /** Parses {@code text}, naming positions with {@code path}. */
    public static PolicyFile parse(String path, String text, Syntax syntax) {
        CharStream input = CharStreams.fromString(text, path);
        if (isAscii(text)) {
            return parseAscii(path, text.getBytes(StandardCharsets.US_ASCII), input, syntax);
        }
        return parse(path, input, syntax);
    }

    /**
     * Parses the bytes of a file, strictly decoded as UTF-8 (an invalid, overlong or
     * surrogate sequence is an error), naming positions with {@code path}.
     */
    public static PolicyFile parse(String path, byte[] bytes, Syntax syntax) throws StrictUtf8.Invalid {
        CharStream input = Utf8Input.decode(bytes, path);
        if (Utf8Input.isAscii(bytes)) {
            return parseAscii(path, bytes, input, syntax);
        }
        return parse(path, input, syntax);
    }

    /**
     * Parses a file whose bytes {@code ascii} are all ASCII ({@code input} holds the same
     * characters): the same result as {@link #parse(String, CharStream, Syntax)}, read by
     * {@link AsciiLineScanner}.
     */
    static PolicyFile parseAscii(String path, byte[] ascii, CharStream input, Syntax syntax) {
        return AsciiLineScanner.read(ascii, input, new AstBuilder(path, input, syntax), syntax);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Parses the code points of {@code input} with the grammar, naming positions with {@code path}. */
    static PolicyFile parse(String path, CharStream input, Syntax syntax) {
        PolicyLexer lexer = new PolicyLexer(input);
        lexer.removeErrorListeners();
        lexer.addErrorListener(FailOnError.INSTANCE);
        if (syntax == Syntax.LEGACY) {
            lexer.mode(PolicyLexer.LEGACY_BOL);
        }
        UnbufferedTokenStream<org.antlr.v4.runtime.Token> tokens = new UnbufferedTokenStream<>(lexer);
        PolicyParser parser = new PolicyParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(FailOnError.INSTANCE);
        parser.setErrorHandler(new BailErrorStrategy());
        parser.setBuildParseTree(false);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        AstBuilder builder = new AstBuilder(path, input, syntax);
        while (true) {
            org.antlr.v4.runtime.Token next = tokens.LT(1);
            switch (next.getType()) {
                case org.antlr.v4.runtime.Token.EOF -> {
                    return builder.end(next);
                }
                case PolicyLexer.NEWLINE -> {
                    builder.lineEnd(next);
                    tokens.consume();
                }
                default -> {
                    if (syntax == Syntax.CURRENT) {
                        builder.line(parser.line());
                    } else {
                        builder.line(parser.legacyLine());
                    }
                    int after = tokens.LA(1);
                    if (after != PolicyLexer.NEWLINE && after != org.antlr.v4.runtime.Token.EOF) {
                        throw new IllegalStateException("policy grammar left a line unfinished at "
                                + tokens.LT(1).getLine() + ":" + tokens.LT(1).getCharPositionInLine());
                    }
                }
            }
        }
    }

    /**
     * The grammar accepts every sequence of characters, so a recognition error is a
     * bug in the grammar, never a property of the input.
     */
    private static final class FailOnError extends BaseErrorListener {
        static final FailOnError INSTANCE = new FailOnError();

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
                                String msg, RecognitionException e) {
            throw new IllegalStateException("policy grammar rejected its input at " + line + ":" + column + ": " + msg);
        }
    }
}
