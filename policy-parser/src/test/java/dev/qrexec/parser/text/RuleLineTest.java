package dev.qrexec.parser.text;

import static dev.qrexec.parser.text.OneLine.assertCurrentError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rule lines of the current syntax (policy-language.md section 3): every check in the
 * reference's order, each with its exact message and the column of the field at fault.
 */
class RuleLineTest {
    private static Arguments error(String line, Code code, int column, String message) {
        return Arguments.of(line, code, column, message);
    }

    /** The examples of 3.9, all on line 1 of {@code /etc/qubes/policy.d/30-user.policy}. */
    static Stream<Arguments> referenceExamples() {
        return Stream.of(
                error("test.Svc", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields"),
                error("test.Svc * work personal", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields"),
                error("test.Svc f/oo work personal allow", Code.INVALID_ARGUMENT, 10,
                        "argument 'f/oo' contains invalid characters: ('/',)"),
                error("* +foo work personal allow", Code.WILDCARD_SERVICE_ARGUMENT, 3,
                        "only * argument allowed for * service"),
                error("test.Svc * @ personal allow", Code.INVALID_TOKEN, 12, "invalid source token: '@'"),
                error("test.Svc * work @foo allow", Code.INVALID_TOKEN, 17, "invalid target token: '@foo'"),
                error("test.Svc * work @default allow", Code.DEFAULT_TARGET_REQUIRED, 26,
                        "allow action for @default rule must specify target= option"),
                error("test.Svc * work personal allow target", Code.PARAMETER_SYNTAX, 32,
                        "invalid action parameter syntax: 'target'"),
                error("test.Svc * work personal allow target=", Code.EMPTY_TOKEN, 32, "invalid empty redirect token"),
                error("test.Svc * work personal allow =x", Code.INVALID_PARAMETERS, 32,
                        "invalid parameters for action Allow: ['=x']"),
                error("test.Svc * work personal allow target=a notify=yes target=b", Code.DUPLICATE_PARAMETER, 52,
                        "parameter given twice: 'target'"),
                error("test.Svc * work personal allow autostart=1 notify=2", Code.INVALID_BOOLEAN, 44,
                        "'notify' is '2', but can be only 'yes' or 'no'"),
                error("test.Svc * work personal deny target=x", Code.INVALID_PARAMETERS, 31,
                        "invalid parameters for action Deny: ['target=x']"),
                error("test.Svc * work personal allow default_target=x", Code.INVALID_PARAMETERS, 32,
                        "invalid parameters for action Allow: ['default_target=x']"),
                error("test.Svc * work personal allow target=@dispvm:@tag:x", Code.INVALID_TOKEN, 32,
                        "invalid redirect token: '@dispvm:@tag:x'"),
                error("test.Svc * work personal allow it's=x", Code.INVALID_PARAMETERS, 32,
                        "invalid parameters for action Allow: [\"it's=x\"]"),
                error("test.Svc * work personal allow # c", Code.PARAMETER_SYNTAX, 32,
                        "invalid action parameter syntax: '#'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceExamples")
    void referenceExample(String line, Code code, int column, String message) {
        assertCurrentError(line, code, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x", "a b", "a b c", "a b c d", "a/b c/d @ @", "test.Svc * work personal"})
    void fewerThanFiveFieldsIsTheFirstCheck(String line) {
        assertCurrentError(line, Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
    }

    @Test
    void wrongFieldCountPointsAtTheFirstField() {
        assertCurrentError("  \t a b c", Code.WRONG_FIELD_COUNT, 5, "wrong number of fields");
    }

    // ------------------------------------------------------------------ 3.3 service

    static Stream<Arguments> badServices() {
        return Stream.of(
                Arguments.of("a/b", "service 'a/b' contains invalid characters: ('/',)"),
                Arguments.of("a+b", "service 'a+b' contains invalid characters: ('+',)"),
                Arguments.of("*x", "service '*x' contains invalid characters: ('*',)"),
                Arguments.of("**", "service '**' contains invalid characters: ('*',)"),
                Arguments.of("a'\"b", "service 'a\\'\"b' contains invalid characters: ('\"', \"'\")"),
                Arguments.of("a'b", "service \"a'b\" contains invalid characters: (\"'\",)"),
                Arguments.of("a\\b", "service 'a\\\\b' contains invalid characters: ('\\\\',)"),
                Arguments.of("aé€😀\u007f\u0001",
                        "service 'aé€😀\\x7f\\x01' contains invalid characters: ('\\x01', '\\x7f', 'é', '€', '😀')"),
                Arguments.of("\ufefftest.Svc", "service '\\ufefftest.Svc' contains invalid characters: ('\\ufeff',)"),
                Arguments.of("b\uffff😀\ufeffa",
                        "service 'b\\uffff😀\\ufeffa' contains invalid characters: ('\\ufeff', '\\uffff', '😀')"),
                Arguments.of("x\u200b\u00ad\ue000\u0378\udb40\udc01",
                        "service 'x\\u200b\\xad\\ue000\\u0378\\U000e0001' contains invalid characters: "
                                + "('\\xad', '\\u0378', '\\u200b', '\\ue000', '\\U000e0001')"),
                Arguments.of("a/b/c/b", "service 'a/b/c/b' contains invalid characters: ('/',)"),
                Arguments.of("x=y:z", "service 'x=y:z' contains invalid characters: (':', '=')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServices")
    void serviceCharacterSet(String service, String message) {
        assertCurrentError(service + " f/oo @ @ bad", Code.INVALID_SERVICE, 1, message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*", "qubes.Filecopy", "a", "A-Z_a-z.0-9", "-", ".", "_", "...",
            "averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongservicename"})
    void validServices(String service) {
        Rule rule = (Rule) OneLine.current(service + " * @anyvm @anyvm deny");
        assertEquals(service.equals("*") ? ServiceSpec.Any.INSTANCE : new ServiceSpec.Named(service), rule.service());
    }

    // ------------------------------------------------------------------ 3.4 argument

    static Stream<Arguments> badArguments() {
        return Stream.of(
                error("test.Svc +a/b w p allow", Code.INVALID_ARGUMENT, 10,
                        "argument '+a/b' contains invalid characters: ('/',)"),
                error("test.Svc f/oo w p allow", Code.INVALID_ARGUMENT, 10,
                        "argument 'f/oo' contains invalid characters: ('/',)"),
                error("test.Svc +é/* w p allow", Code.INVALID_ARGUMENT, 10,
                        "argument '+é/*' contains invalid characters: ('*', '/', 'é')"),
                error("test.Svc +\u0000 w p allow", Code.INVALID_ARGUMENT, 10,
                        "argument '+\\x00' contains invalid characters: ('\\x00',)"),
                error("test.Svc foo w p allow", Code.ARGUMENT_WITHOUT_PLUS, 10, "argument 'foo' does not start with +"),
                error("test.Svc a+ w p allow", Code.ARGUMENT_WITHOUT_PLUS, 10, "argument 'a+' does not start with +"),
                error("* foo w p allow", Code.ARGUMENT_WITHOUT_PLUS, 3, "argument 'foo' does not start with +"),
                error("* f/oo w p allow", Code.INVALID_ARGUMENT, 3,
                        "argument 'f/oo' contains invalid characters: ('/',)"),
                error("* +foo w p allow", Code.WILDCARD_SERVICE_ARGUMENT, 3, "only * argument allowed for * service"),
                error("* + w p allow", Code.WILDCARD_SERVICE_ARGUMENT, 3, "only * argument allowed for * service"),
                error("test.Svc +foo @ @ bad", Code.INVALID_TOKEN, 15, "invalid source token: '@'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void argumentChecksInOrder(String line, Code code, int column, String message) {
        assertCurrentError(line, code, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+", "++", "+a+b", "+foo", "+A-Z_a-z.0-9+"})
    void validArguments(String argument) {
        Rule rule = (Rule) OneLine.current("test.Svc " + argument + " @anyvm @anyvm deny");
        assertEquals(new ArgumentSpec.Exact(argument), rule.argument());
    }

    @Test
    void wildcardServiceAndArgument() {
        Rule rule = (Rule) OneLine.current("* * @anyvm @anyvm deny");
        assertEquals(ServiceSpec.Any.INSTANCE, rule.service());
        assertEquals(ArgumentSpec.Any.INSTANCE, rule.argument());
    }

    // ------------------------------------------------------------------ 3.5 tokens in rules

    static Stream<Arguments> badRuleTokens() {
        return Stream.of(
                error("s * @default t allow", Code.INVALID_TOKEN, 5, "invalid source token: '@default'"),
                error("s * @dispvm t allow", Code.INVALID_TOKEN, 5, "invalid source token: '@dispvm'"),
                error("s * @tag: t allow", Code.EMPTY_TOKEN, 5, "invalid empty @tag: token: '@tag:'"),
                error("s * @type: t allow", Code.EMPTY_TOKEN, 5, "invalid empty @type: token: '@type:'"),
                error("s * @dispvm: t allow", Code.EMPTY_TOKEN, 5, "invalid empty @dispvm: token: '@dispvm:'"),
                error("s * @dispvm:@tag: t allow", Code.EMPTY_TOKEN, 5,
                        "invalid empty @dispvm:@tag: token: '@dispvm:@tag:'"),
                error("s * x @tag: allow", Code.EMPTY_TOKEN, 7, "invalid empty @tag: token: '@tag:'"),
                error("s * x @type: allow", Code.EMPTY_TOKEN, 7, "invalid empty @type: token: '@type:'"),
                error("s * x @dispvm: allow", Code.EMPTY_TOKEN, 7, "invalid empty @dispvm: token: '@dispvm:'"),
                error("s * x @dispvm:@tag: allow", Code.EMPTY_TOKEN, 7,
                        "invalid empty @dispvm:@tag: token: '@dispvm:@tag:'"),
                error("s * @ @foo allow", Code.INVALID_TOKEN, 5, "invalid source token: '@'"),
                error("s * x @foo bad", Code.INVALID_TOKEN, 7, "invalid target token: '@foo'"),
                error("s * x @\u0001 allow", Code.INVALID_TOKEN, 7, "invalid target token: '@\\x01'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRuleTokens")
    void tokenChecksSourceBeforeTarget(String line, Code code, int column, String message) {
        assertCurrentError(line, code, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"@", "@foo", "@tag", "@dispvmx", "@anyvm:x", "@ADMINVM", "@dispvm:@foo",
            "@dispvm:@type:x", "@tag:@x", "@type:@x", "@dispvm:@tag:@x", "@Anyvm", "@default:x", "@@"})
    void invalidTokensInBothColumns(String token) {
        assertCurrentError("s * " + token + " x allow", Code.INVALID_TOKEN, 5,
                "invalid source token: " + PythonRepr.str(token));
        assertCurrentError("s * x " + token + " allow", Code.INVALID_TOKEN, 7,
                "invalid target token: " + PythonRepr.str(token));
    }

    // ------------------------------------------------------------------ 3.6 action

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Allow", "ALLOW", "Deny", "Ask", "permit", "allow,target=x", "deny,notify=no",
            "allow\u200bnotify=yes", "allow\ufeff", "allowx", "a", "@anyvm", "*"})
    void invalidActionIsPrintedRaw(String action) {
        assertCurrentError("test.Svc * work personal " + action + " bad-param", Code.INVALID_ACTION, 26,
                "invalid action: " + action);
    }

    @Test
    void actionIsCheckedAfterTheTokens() {
        assertCurrentError("s * x @foo bad", Code.INVALID_TOKEN, 7, "invalid target token: '@foo'");
        assertCurrentError("s * x y bad foo", Code.INVALID_ACTION, 9, "invalid action: bad");
    }

    // ------------------------------------------------------------------ 3.7 parameters

    static Stream<Arguments> badParameters() {
        String p = "test.Svc * work personal ";
        return Stream.of(
                error(p + "allow foo target=a target=b", Code.PARAMETER_SYNTAX, 32,
                        "invalid action parameter syntax: 'foo'"),
                error(p + "allow target=a target=b foo", Code.DUPLICATE_PARAMETER, 41,
                        "parameter given twice: 'target'"),
                error(p + "allow notify=maybe notify=yes", Code.DUPLICATE_PARAMETER, 45,
                        "parameter given twice: 'notify'"),
                error(p + "allow =a =b", Code.DUPLICATE_PARAMETER, 35, "parameter given twice: ''"),
                error(p + "allow notify=maybe foo", Code.PARAMETER_SYNTAX, 45,
                        "invalid action parameter syntax: 'foo'"),
                error(p + "allow \u0001", Code.PARAMETER_SYNTAX, 32, "invalid action parameter syntax: '\\x01'"),
                error(p + "allow it's", Code.PARAMETER_SYNTAX, 32, "invalid action parameter syntax: \"it's\""),
                error(p + "deny autostart=maybe", Code.INVALID_BOOLEAN, 31,
                        "'autostart' is 'maybe', but can be only 'yes' or 'no'"),
                error(p + "allow notify=Yes", Code.INVALID_BOOLEAN, 32,
                        "'notify' is 'Yes', but can be only 'yes' or 'no'"),
                error(p + "allow notify=", Code.INVALID_BOOLEAN, 32, "'notify' is '', but can be only 'yes' or 'no'"),
                error(p + "ask autostart=NO", Code.INVALID_BOOLEAN, 30,
                        "'autostart' is 'NO', but can be only 'yes' or 'no'"),
                error(p + "allow notify=it's", Code.INVALID_BOOLEAN, 32,
                        "'notify' is \"it's\", but can be only 'yes' or 'no'"),
                error(p + "allow foo=bar notify=x", Code.INVALID_BOOLEAN, 40,
                        "'notify' is 'x', but can be only 'yes' or 'no'"),
                error(p + "allow target=@anyvm notify=x", Code.INVALID_BOOLEAN, 46,
                        "'notify' is 'x', but can be only 'yes' or 'no'"),
                error(p + "allow target=@anyvm foo=bar", Code.INVALID_PARAMETERS, 32,
                        "invalid parameters for action Allow: ['target=@anyvm', 'foo=bar']"),
                error(p + "deny autostart=no", Code.INVALID_PARAMETERS, 31,
                        "invalid parameters for action Deny: ['autostart=no']"),
                error(p + "deny notify=no user=x", Code.INVALID_PARAMETERS, 31,
                        "invalid parameters for action Deny: ['notify=no', 'user=x']"),
                error(p + "deny default_target=x", Code.INVALID_PARAMETERS, 31,
                        "invalid parameters for action Deny: ['default_target=x']"),
                error(p + "allow rule=x", Code.INVALID_PARAMETERS, 32, "invalid parameters for action Allow: ['rule=x']"),
                error(p + "allow self=x", Code.INVALID_PARAMETERS, 32, "invalid parameters for action Allow: ['self=x']"),
                error(p + "ask Target=x", Code.INVALID_PARAMETERS, 30, "invalid parameters for action Ask: ['Target=x']"),
                error(p + "ask user=x =", Code.INVALID_PARAMETERS, 30, "invalid parameters for action Ask: ['user=x', '=']"),
                error(p + "ask target=@anyvm", Code.INVALID_TOKEN, 30, "invalid redirect token: '@anyvm'"),
                error(p + "ask default_target=* target=@tag:x", Code.INVALID_TOKEN, 47,
                        "invalid redirect token: '@tag:x'"),
                error(p + "ask default_target=* target=x", Code.INVALID_TOKEN, 30, "invalid redirect token: '*'"),
                error(p + "ask target=x default_target=", Code.EMPTY_TOKEN, 39, "invalid empty redirect token"),
                error(p + "allow target=@default", Code.INVALID_TOKEN, 32, "invalid redirect token: '@default'"),
                error(p + "allow target=@dispvm:", Code.EMPTY_TOKEN, 32, "invalid empty @dispvm: token: '@dispvm:'"),
                error(p + "allow target=@tag:", Code.INVALID_TOKEN, 32, "invalid redirect token: '@tag:'"),
                error("test.Svc * work @default allow target=@anyvm", Code.INVALID_TOKEN, 32,
                        "invalid redirect token: '@anyvm'"),
                error("test.Svc * work @default allow user=x notify=yes", Code.DEFAULT_TARGET_REQUIRED, 26,
                        "allow action for @default rule must specify target= option"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void parameterChecksInOrder(String line, Code code, int column, String message) {
        assertCurrentError(line, code, column, message);
    }

    // ------------------------------------------------------------------ accepted lines

    private static Rule rule(String line) {
        return (Rule) OneLine.current(line);
    }

    @Test
    void acceptedReferenceExamples() {
        Token work = new Token.Name("work");
        Token personal = new Token.Name("personal");
        Action.Allow allow = new Action.Allow(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        ServiceSpec svc = new ServiceSpec.Named("test.Svc");
        Position at = new Position(OneLine.PATH, 1, 1);
        assertEquals(new Rule(svc, new ArgumentSpec.Exact("+"), work, personal, allow, at),
                rule("test.Svc + work personal allow"));
        assertEquals(new Rule(svc, new ArgumentSpec.Exact("++"), work, personal, allow, at),
                rule("test.Svc ++ work personal allow"));
        assertEquals(new Rule(svc, ArgumentSpec.Any.INSTANCE, new Token.Name("$anyvm"), new Token.Name("$anyvm"), allow, at),
                rule("test.Svc * $anyvm $anyvm allow"));
        assertEquals(new Rule(svc, ArgumentSpec.Any.INSTANCE, work, personal,
                        new Action.Ask(Optional.of(new Token.Name("x=y")), Optional.empty(), Optional.of(""),
                                Optional.empty(), Optional.empty()), at),
                rule("test.Svc * work personal ask user= target=x=y"));
        assertEquals(new Rule(svc, ArgumentSpec.Any.INSTANCE, work, personal, new Action.Deny(Optional.of(false)), at),
                rule("test.Svc * work personal deny notify=no"));
    }

    @Test
    void everyParameterOfEachAction() {
        assertEquals(new Action.Ask(Optional.of(new Token.Uuid("1-2")), Optional.of(Token.DispVm.INSTANCE),
                        Optional.of("u=v"), Optional.of(true), Optional.of(false)),
                rule("s * x y ask autostart=no notify=yes user=u=v default_target=@dispvm target=uuid:1-2").action());
        assertEquals(new Action.Allow(Optional.of(new Token.DispVmTemplate("uuid:1-2")), Optional.of("root"),
                        Optional.of(false), Optional.of(true)),
                rule("s * x y allow target=@dispvm:uuid:1-2 user=root notify=no autostart=yes").action());
        assertEquals(new Action.Deny(Optional.of(true)), rule("s * x y deny notify=yes").action());
        assertEquals(Action.Deny.PLAIN, rule("s * x y deny").action());
        assertEquals(new Action.Allow(Optional.of(Token.AdminVm.INSTANCE), Optional.empty(), Optional.empty(),
                        Optional.empty()), rule("s * x @default allow target=@adminvm").action());
        assertEquals(Token.Default.INSTANCE, rule("s * x @default ask").target());
        assertEquals(Token.Default.INSTANCE, rule("s * x @default deny").target());
    }

    @Test
    void theRulePositionIsItsFirstField() {
        assertEquals(new Position(OneLine.PATH, 1, 4), rule(" \u00a0\tq.S * x y deny").position());
    }

    @Test
    void literalNamesAreNotChecked() {
        Rule r = rule("s * ** *x deny");
        assertEquals(new Token.Name("**"), r.source());
        assertEquals(new Token.Name("*x"), r.target());
        r = rule("s * dom0 #x deny");
        assertEquals(new Token.Name("dom0"), r.source());
        assertEquals(new Token.Name("#x"), r.target());
        r = rule("s * uuid:not-a-uuid a=b!c deny");
        assertEquals(new Token.Uuid("not-a-uuid"), r.source());
        assertEquals(new Token.Name("a=b!c"), r.target());
    }
}
