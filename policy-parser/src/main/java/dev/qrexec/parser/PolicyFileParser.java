package dev.qrexec.parser;

import dev.qrexec.grammar.PolicyLexer;
import dev.qrexec.grammar.PolicyParser;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Parses the text of one policy file into a {@link PolicyFile}. Never throws for bad
 * policy text: every line that cannot be read becomes an {@link InvalidLine} with
 * its diagnostic. Includes are not followed here; {@link PolicyLoader} does that.
 */
public final class PolicyFileParser {
    private PolicyFileParser() {}

    /** Parses {@code text}, naming positions with {@code path}. */
    public static PolicyFile parse(String path, String text, Syntax syntax) {
        CharStream input = CharStreams.fromString(text, path);
        PolicyLexer lexer = new PolicyLexer(input);
        lexer.removeErrorListeners();
        lexer.addErrorListener(FailOnError.INSTANCE);
        if (syntax == Syntax.LEGACY) {
            lexer.mode(PolicyLexer.LEGACY_BOL);
        }
        PolicyParser parser = new PolicyParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(FailOnError.INSTANCE);
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        AstBuilder builder = new AstBuilder(path, input);
        return syntax == Syntax.CURRENT ? builder.build(parser.policyFile()) : builder.build(parser.legacyFile());
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
