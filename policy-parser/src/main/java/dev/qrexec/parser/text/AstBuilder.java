package dev.qrexec.parser.text;

import dev.qrexec.grammar.PolicyParser;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Blank;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.Parameters;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Turns the lines of one file, as the parser reads them one after the other, into
 * {@link Line}s, checking every field in the reference's order. Line numbers and
 * columns are computed here, not taken from ANTLR, because ANTLR counts only LF as a
 * line end while a lone CR ends a line too. ANTLR types never leave this package.
 */
final class AstBuilder {
    private final String path;
    private final CharStream input;
    private final Syntax syntax;
    private final List<Line> lines = new ArrayList<>();
    private final FieldValues values = new FieldValues();
    private int lineNumber = 1;
    private int lineStart;
    private boolean lineDone;

    AstBuilder(String path, CharStream input, Syntax syntax) {
        this.path = path;
        this.input = input;
        this.syntax = syntax;
    }

    /** A {@code line} (current syntax) or {@code legacyLine} (legacy syntax) of the grammar. */
    void line(ParserRuleContext context) {
        lines.add(syntax == Syntax.CURRENT
                ? currentLine((PolicyParser.LineContext) context)
                : legacyLine((PolicyParser.LegacyLineContext) context));
        lineDone = true;
    }

    /** A line end: the line it ends was blank unless {@link #line} came before it. */
    void lineEnd(org.antlr.v4.runtime.Token newline) {
        if (!lineDone) {
            lines.add(new Blank(new Position(path, lineNumber, 1)));
        }
        lineNumber++;
        lineStart = newline.getStopIndex() + 1;
        lineDone = false;
    }

    /** The end of the file: the file as read. */
    PolicyFile end(org.antlr.v4.runtime.Token eof) {
        if (!lineDone && eof.getStartIndex() > lineStart) {
            // a last line of whitespace only, without a line end
            lines.add(new Blank(new Position(path, lineNumber, 1)));
        }
        return new PolicyFile(path, syntax, lines);
    }

    // ------------------------------------------------------------------ current syntax

    private Line currentLine(PolicyParser.LineContext context) {
        return switch (context) {
            case PolicyParser.CommentLineContext c -> new Comment(c.start.getText(), position(c.start));
            case PolicyParser.IncludeLineContext c -> oneParameter(c, c.parameters, false);
            case PolicyParser.IncludeDirLineContext c -> oneParameter(c, c.parameters, true);
            case PolicyParser.IncludeServiceLineContext c -> includeService(c);
            case PolicyParser.CompatLineContext c -> c.parameters.isEmpty()
                    ? new Compat40(position(c.start))
                    : invalid(c, Code.DIRECTIVE_PARAMETER_COUNT, "invalid number of params", c.start);
            case PolicyParser.UnknownDirectiveLineContext c ->
                    invalid(c, Code.INVALID_DIRECTIVE, "invalid directive", c.start);
            case PolicyParser.RuleLineContext c -> rule(c);
            case PolicyParser.ShortRuleLineContext c ->
                    invalid(c, Code.WRONG_FIELD_COUNT, "wrong number of fields", c.start);
            default -> throw new IllegalStateException("unexpected line " + context.getClass());
        };
    }

    private Line oneParameter(ParserRuleContext c, List<org.antlr.v4.runtime.Token> parameters, boolean directory) {
        if (parameters.size() != 1) {
            return invalid(c, Code.DIRECTIVE_PARAMETER_COUNT, "invalid number of params", c.start);
        }
        String target = parameters.get(0).getText();
        return directory ? new IncludeDir(target, position(c.start)) : new Include(target, position(c.start));
    }

    private Line includeService(PolicyParser.IncludeServiceLineContext c) {
        if (c.parameters.size() != 3) {
            return invalid(c, Code.DIRECTIVE_PARAMETER_COUNT, "invalid number of params", c.start);
        }
        org.antlr.v4.runtime.Token serviceField = c.parameters.get(0);
        org.antlr.v4.runtime.Token argumentField = c.parameters.get(1);
        ServiceSpec service;
        try {
            service = ServiceSpec.parse(serviceField.getText());
        } catch (PolicySyntaxException e) {
            return invalid(c, e, serviceField);
        }
        ArgumentSpec argument;
        try {
            argument = ArgumentSpec.parse(argumentField.getText(), service);
        } catch (PolicySyntaxException e) {
            return invalid(c, e, argumentField);
        }
        return new IncludeService(service, argument, c.parameters.get(2).getText(), position(c.start));
    }

    private Line rule(PolicyParser.RuleLineContext c) {
        ServiceSpec service;
        try {
            service = values.service(c.service.getText());
        } catch (PolicySyntaxException e) {
            return invalid(c, e, c.service);
        }
        ArgumentSpec argument;
        try {
            argument = values.argument(c.argument.getText(), service);
        } catch (PolicySyntaxException e) {
            return invalid(c, e, c.argument);
        }
        int count = 3 + c.parameters.size();
        List<org.antlr.v4.runtime.Token> fields = new ArrayList<>(count);
        fields.add(c.source);
        fields.add(c.target);
        fields.add(c.action);
        fields.addAll(c.parameters);
        List<String> texts = new ArrayList<>(count);
        for (org.antlr.v4.runtime.Token field : fields) {
            texts.add(field.getText());
        }
        RuleBody body = ruleBody(c, fields, texts);
        if (body.problem != null) {
            return body.problem;
        }
        return new Rule(service, argument, body.source, body.target, body.action, position(c.start));
    }

    // ------------------------------------------------------------------ legacy syntax

    private Line legacyLine(PolicyParser.LegacyLineContext context) {
        return switch (context) {
            case PolicyParser.LegacyCommentLineContext c -> new Comment(c.start.getText(), position(c.start));
            case PolicyParser.LegacySeparatedLineContext c -> legacyFields(c, c.fields, true);
            case PolicyParser.LegacyFieldsLineContext c -> legacyFields(c, c.fields, false);
            default -> throw new IllegalStateException("unexpected line " + context.getClass());
        };
    }

    /**
     * A legacy line, after the substitutions {@code $include:} to {@code !include },
     * {@code $} to {@code @} (both keep every column; commas were already separators).
     */
    private Line legacyFields(ParserRuleContext c, List<org.antlr.v4.runtime.Token> raw, boolean leadingSeparator) {
        List<org.antlr.v4.runtime.Token> fields = new ArrayList<>(raw.size() + 1);
        List<String> texts = new ArrayList<>(raw.size() + 1);
        for (org.antlr.v4.runtime.Token field : raw) {
            expandLegacyField(field, fields, texts);
        }
        if (!leadingSeparator && !texts.isEmpty() && texts.get(0).startsWith("!")) {
            if (!texts.get(0).equals("!include")) {
                return invalid(c, Code.INVALID_DIRECTIVE, "invalid directive", c.start);
            }
            if (texts.size() != 2) {
                return invalid(c, Code.DIRECTIVE_PARAMETER_COUNT, "invalid number of params", c.start);
            }
            return new Include(texts.get(1), position(c.start));
        }
        if (texts.size() < 3) {
            return invalid(c, Code.WRONG_FIELD_COUNT, "wrong number of fields", c.start);
        }
        RuleBody body = ruleBody(c, fields, texts);
        if (body.problem != null) {
            return body.problem;
        }
        return new LegacyRule(body.source, body.target, body.action, position(fields.get(0)));
    }

    private static final String LEGACY_INCLUDE = "$include:";

    private static void expandLegacyField(org.antlr.v4.runtime.Token field, List<org.antlr.v4.runtime.Token> fields,
                                          List<String> texts) {
        String text = field.getText();
        if (text.indexOf('$') < 0) {
            fields.add(field);
            texts.add(text);
            return;
        }
        // "$include:" becomes "!include " (the space splits the field), then '$' becomes '@'.
        String substituted = text.replace(LEGACY_INCLUDE, "!include ").replace('$', '@');
        int from = 0;
        while (from < substituted.length()) {
            int space = substituted.indexOf(' ', from);
            int end = space < 0 ? substituted.length() : space;
            if (end > from) {
                String piece = substituted.substring(from, end);
                int offset = substituted.codePointCount(0, from);
                fields.add(new FieldToken(field, offset, piece));
                texts.add(piece);
            }
            from = end + 1;
        }
    }

    // ------------------------------------------------------------------ shared

    /** The result of reading SOURCE TARGET ACTION [PARAM...]: the parts, or the invalid line. */
    private record RuleBody(Token source, Token target, Action action, InvalidLine problem) {}

    private RuleBody ruleBody(ParserRuleContext c, List<org.antlr.v4.runtime.Token> fields, List<String> texts) {
        Token source;
        try {
            source = values.source(texts.get(0));
        } catch (PolicySyntaxException e) {
            return new RuleBody(null, null, null, invalid(c, e, fields.get(0)));
        }
        Token target;
        try {
            target = values.target(texts.get(1));
        } catch (PolicySyntaxException e) {
            return new RuleBody(null, null, null, invalid(c, e, fields.get(1)));
        }
        Action action;
        try {
            action = values.action(texts.subList(2, texts.size()), 2);
        } catch (Parameters.ActionProblem p) {
            return new RuleBody(null, null, null, invalid(c, p.syntaxError(), fields.get(p.fieldIndex())));
        }
        if (target instanceof Token.Default && action instanceof Action.Allow allow && allow.target().isEmpty()) {
            return new RuleBody(null, null, null, invalid(c, Code.DEFAULT_TARGET_REQUIRED,
                    "allow action for @default rule must specify target= option", fields.get(2)));
        }
        return new RuleBody(source, target, action, null);
    }

    private InvalidLine invalid(ParserRuleContext c, PolicySyntaxException e, org.antlr.v4.runtime.Token at) {
        return invalid(c, e.code(), e.getMessage(), at);
    }

    private InvalidLine invalid(ParserRuleContext c, Code code, String message, org.antlr.v4.runtime.Token at) {
        int end = c.stop != null ? c.stop.getStopIndex() : c.start.getStopIndex();
        String text = input.getText(Interval.of(lineStart, end));
        return new InvalidLine(text, Diagnostic.error(code, position(at), message));
    }

    private Position position(org.antlr.v4.runtime.Token token) {
        int offset = token instanceof FieldToken piece ? piece.offset : 0;
        return new Position(path, lineNumber, token.getStartIndex() - lineStart + 1 + offset);
    }

    /** A piece of a legacy field split by the {@code $include:} substitution. */
    private static final class FieldToken extends org.antlr.v4.runtime.CommonToken {
        private static final long serialVersionUID = 1L;
        final int offset;

        FieldToken(org.antlr.v4.runtime.Token field, int offset, String text) {
            super(field);
            this.offset = offset;
            setText(text);
        }
    }
}
