package dev.qrexec.parser.text;

import static dev.qrexec.parser.text.OneLine.assertLegacyError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Token;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The legacy per-service syntax (policy-language.md section 5): comments checked before
 * the substitutions, {@code $include:} and {@code $} anywhere in a line, commas as
 * separators, the only directive {@code !include}, and the rule checks of the current
 * syntax with the same messages.
 */
class LegacySyntaxTest {
    private static final Action.Allow ALLOW =
            new Action.Allow(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    private static Position at(int column) {
        return new Position(OneLine.PATH, 1, column);
    }

    private static LegacyRule rule(Token source, Token target, Action action, int column) {
        return new LegacyRule(source, target, action, at(column));
    }

    @Test
    void dollarKeywordsBecomeAtKeywords() {
        assertEquals(rule(Token.AnyVm.INSTANCE, Token.AnyVm.INSTANCE, ALLOW, 1), OneLine.legacy("$anyvm $anyvm allow"));
        assertEquals(rule(new Token.Tag("x"), new Token.DispVmTag("y"), Action.Deny.PLAIN, 1),
                OneLine.legacy("$tag:x $dispvm:$tag:y deny"));
        assertEquals(rule(new Token.Type("AppVM"), Token.AdminVm.INSTANCE, Action.Deny.PLAIN, 1),
                OneLine.legacy("$type:AppVM $adminvm deny"));
        assertEquals(rule(new Token.Name("a@b"), Token.Default.INSTANCE,
                        new Action.Ask(Optional.empty(), Optional.of(Token.DispVm.INSTANCE), Optional.empty(), Optional.empty(),
                                Optional.empty()), 1),
                OneLine.legacy("a$b $default ask,default_target=$dispvm"));
        assertEquals(rule(Token.Any.INSTANCE, Token.Any.INSTANCE, ALLOW, 1), OneLine.legacy("* * allow"));
    }

    @Test
    void commasSeparateFieldsAndEmptyPiecesVanish() {
        Action.Allow withUser = new Action.Allow(Optional.empty(), Optional.of("x"), Optional.empty(), Optional.empty());
        assertEquals(rule(Token.AnyVm.INSTANCE, Token.AnyVm.INSTANCE, withUser, 1), OneLine.legacy("$anyvm $anyvm allow,,user=x"));
        assertEquals(rule(Token.AnyVm.INSTANCE, Token.AnyVm.INSTANCE, ALLOW, 1), OneLine.legacy("$anyvm $anyvm allow,"));
        assertEquals(rule(Token.AnyVm.INSTANCE, Token.AnyVm.INSTANCE, ALLOW, 1), OneLine.legacy("$anyvm,$anyvm,allow"));
        assertEquals(rule(new Token.Name("a"), new Token.Name("b"),
                        new Action.Allow(Optional.empty(), Optional.of("@x"), Optional.empty(), Optional.empty()), 1),
                OneLine.legacy("a b allow,user=$x"));
        assertEquals(rule(new Token.Name("a"), new Token.Name("b"), ALLOW, 3), OneLine.legacy(" ,a,\u00a0b allow"));
    }

    @Test
    void aLeadingCommaMakesARule() {
        assertEquals(rule(new Token.Name("#x"), new Token.Name("y"), ALLOW, 2), OneLine.legacy(",#x y allow"));
        assertEquals(rule(new Token.Name("!x"), new Token.Name("y"), ALLOW, 2), OneLine.legacy(",!x y allow"));
        assertLegacyError(",!include x", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertLegacyError(",$include:x", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertLegacyError(",", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertLegacyError("  ,,", Code.WRONG_FIELD_COUNT, 3, "wrong number of fields");
        assertLegacyError(",!compat-4.0 x y", Code.INVALID_ACTION, 16, "invalid action: y");
    }

    @Test
    void commentsAreRecognisedBeforeTheSubstitutions() {
        assertEquals(new Comment("#$include:x", at(1)), OneLine.legacy("#$include:x"));
        assertEquals(new Comment("# a,b $c", at(2)), OneLine.legacy("\t# a,b $c"));
    }

    @Test
    void includeDirectives() {
        assertEquals(new Include("x", at(1)), OneLine.legacy("!include x"));
        assertEquals(new Include("x", at(1)), OneLine.legacy("$include:x"));
        assertEquals(new Include("@x", at(1)), OneLine.legacy("$include:$x"));
        assertEquals(new Include("@x", at(1)), OneLine.legacy("!include $x"));
        assertEquals(new Include("a/b", at(3)), OneLine.legacy("  $include:a/b"));
        assertEquals(new Include("y", at(1)), OneLine.legacy("$include:,y"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"!include", "$include:", "!include a,b", "$include:a,b", "!include a b",
            "$include:a $include:b", "!include,a,b"})
    void includeNeedsOneParameter(String line) {
        assertLegacyError(line, Code.DIRECTIVE_PARAMETER_COUNT, 1, "invalid number of params");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"!include-service a +b c", "!include-dir x", "!compat-4.0", "!foo", "!",
            "!include!include x", "!includes x", "!include$include:x", "!Include x"})
    void everyOtherDirectiveIsInvalid(String line) {
        assertLegacyError(line, Code.INVALID_DIRECTIVE, 1, "invalid directive");
    }

    @Test
    void substitutionsApplyAnywhereInTheLine() {
        assertLegacyError("x $include:y z", Code.INVALID_ACTION, 12, "invalid action: y");
        assertLegacyError("x$include:y", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertLegacyError("a,$include:b", Code.INVALID_ACTION, 12, "invalid action: b");
        assertLegacyError("@include:x", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertLegacyError("$compat-4.0", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertLegacyError("a b $include:c", Code.INVALID_ACTION, 5, "invalid action: !include");
        assertLegacyError("$$include:x y z", Code.INVALID_TOKEN, 1, "invalid source token: '@!include'");
    }

    @Test
    void ruleChecksUseTheMessagesOfTheCurrentSyntax() {
        assertLegacyError("a b", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertLegacyError("a", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertLegacyError("$default b allow", Code.INVALID_TOKEN, 1, "invalid source token: '@default'");
        assertLegacyError("$anyvm @foo allow", Code.INVALID_TOKEN, 8, "invalid target token: '@foo'");
        assertLegacyError("$anyvm $tag: allow", Code.EMPTY_TOKEN, 8, "invalid empty @tag: token: '@tag:'");
        assertLegacyError("$anyvm $default allow", Code.DEFAULT_TARGET_REQUIRED, 17,
                "allow action for @default rule must specify target= option");
        assertLegacyError("x y permit", Code.INVALID_ACTION, 5, "invalid action: permit");
        assertLegacyError("x y ask,foo", Code.PARAMETER_SYNTAX, 9, "invalid action parameter syntax: 'foo'");
        assertLegacyError("x y allow,notify=yes,notify=no", Code.DUPLICATE_PARAMETER, 22,
                "parameter given twice: 'notify'");
        assertLegacyError("x y allow,notify=$yes", Code.INVALID_BOOLEAN, 11,
                "'notify' is '@yes', but can be only 'yes' or 'no'");
        assertLegacyError("x y deny,target=x", Code.INVALID_PARAMETERS, 10,
                "invalid parameters for action Deny: ['target=x']");
        assertLegacyError("x y allow,target=$anyvm,foo=1", Code.INVALID_PARAMETERS, 11,
                "invalid parameters for action Allow: ['target=@anyvm', 'foo=1']");
        assertLegacyError("$anyvm $anyvm allow,target=", Code.EMPTY_TOKEN, 21, "invalid empty redirect token");
        assertLegacyError("x y allow,target=$dispvm:$tag:x", Code.INVALID_TOKEN, 11,
                "invalid redirect token: '@dispvm:@tag:x'");
    }
}
