package dev.qrexec.parser.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VM tokens in their four contexts (policy-language.md 3.5): which kinds each context
 * accepts and the exact error of every other token, in the order source, target,
 * redirect, intended target.
 */
class TokenTest {
    private static final TokenContext[] CONTEXTS = {
        TokenContext.SOURCE, TokenContext.TARGET, TokenContext.REDIRECT, TokenContext.INTENDED_TARGET};

    /** An expected outcome: a token, or an error (code and message). */
    private sealed interface Outcome {}

    private record Valid(Token token) implements Outcome {}

    private record Invalid(Code code, String message) implements Outcome {}

    private static Outcome ok(Token token) {
        return new Valid(token);
    }

    private static Outcome bad(String message) {
        return new Invalid(message.startsWith("invalid empty") ? Code.EMPTY_TOKEN : Code.INVALID_TOKEN, message);
    }

    /** {@code invalid <ctx> token: 'text'} in the context of that column. */
    private static Outcome invalidHere(String text, int column) {
        return bad("invalid " + CONTEXTS[column].word() + " token: " + PythonRepr.str(text));
    }

    private static Arguments row(String text, Outcome source, Outcome target, Outcome redirect, Outcome intended) {
        return Arguments.of(text, new Outcome[] {source, target, redirect, intended});
    }

    static Stream<Arguments> table() {
        Token.Tag tag = new Token.Tag("x");
        return Stream.of(
                row("work", ok(new Token.Name("work")), ok(new Token.Name("work")), ok(new Token.Name("work")),
                        ok(new Token.Name("work"))),
                row("dom0", ok(new Token.Name("dom0")), ok(new Token.Name("dom0")), ok(new Token.Name("dom0")),
                        ok(new Token.Name("dom0"))),
                row("uuid:00000000-0000-0000-0000-000000000000",
                        ok(new Token.Uuid("00000000-0000-0000-0000-000000000000")),
                        ok(new Token.Uuid("00000000-0000-0000-0000-000000000000")),
                        ok(new Token.Uuid("00000000-0000-0000-0000-000000000000")),
                        ok(new Token.Uuid("00000000-0000-0000-0000-000000000000"))),
                row("**", ok(new Token.Name("**")), ok(new Token.Name("**")), ok(new Token.Name("**")),
                        ok(new Token.Name("**"))),
                row("$anyvm", ok(new Token.Name("$anyvm")), ok(new Token.Name("$anyvm")),
                        ok(new Token.Name("$anyvm")), ok(new Token.Name("$anyvm"))),
                row("*", ok(Token.Any.INSTANCE), ok(Token.Any.INSTANCE), bad("invalid redirect token: '*'"),
                        bad("invalid intendedtarget token: '*'")),
                row("@adminvm", ok(Token.AdminVm.INSTANCE), ok(Token.AdminVm.INSTANCE), ok(Token.AdminVm.INSTANCE), ok(Token.AdminVm.INSTANCE)),
                row("@anyvm", ok(Token.AnyVm.INSTANCE), ok(Token.AnyVm.INSTANCE), bad("invalid redirect token: '@anyvm'"),
                        bad("invalid intendedtarget token: '@anyvm'")),
                row("@default", bad("invalid source token: '@default'"), ok(Token.Default.INSTANCE),
                        bad("invalid redirect token: '@default'"), ok(Token.Default.INSTANCE)),
                row("@dispvm", bad("invalid source token: '@dispvm'"), ok(Token.DispVm.INSTANCE), ok(Token.DispVm.INSTANCE),
                        ok(Token.DispVm.INSTANCE)),
                row("@dispvm:vm", ok(new Token.DispVmTemplate("vm")), ok(new Token.DispVmTemplate("vm")),
                        ok(new Token.DispVmTemplate("vm")), ok(new Token.DispVmTemplate("vm"))),
                row("@dispvm:uuid:1", ok(new Token.DispVmTemplate("uuid:1")), ok(new Token.DispVmTemplate("uuid:1")),
                        ok(new Token.DispVmTemplate("uuid:1")), ok(new Token.DispVmTemplate("uuid:1"))),
                row("@dispvm:a:b", ok(new Token.DispVmTemplate("a:b")), ok(new Token.DispVmTemplate("a:b")),
                        ok(new Token.DispVmTemplate("a:b")), ok(new Token.DispVmTemplate("a:b"))),
                row("@dispvm:@tag:x", ok(new Token.DispVmTag("x")), ok(new Token.DispVmTag("x")),
                        bad("invalid redirect token: '@dispvm:@tag:x'"),
                        bad("invalid intendedtarget token: '@dispvm:@tag:x'")),
                row("@tag:x", ok(tag), ok(tag), bad("invalid redirect token: '@tag:x'"),
                        bad("invalid intendedtarget token: '@tag:x'")),
                row("@tag:a:b@c", ok(new Token.Tag("a:b@c")), ok(new Token.Tag("a:b@c")),
                        bad("invalid redirect token: '@tag:a:b@c'"),
                        bad("invalid intendedtarget token: '@tag:a:b@c'")),
                row("@type:x", ok(new Token.Type("x")), ok(new Token.Type("x")),
                        bad("invalid redirect token: '@type:x'"), bad("invalid intendedtarget token: '@type:x'")),
                row("", bad("invalid empty source token"), bad("invalid empty target token"),
                        bad("invalid empty redirect token"), bad("invalid empty intendedtarget token")),
                row("@tag:", bad("invalid empty @tag: token: '@tag:'"), bad("invalid empty @tag: token: '@tag:'"),
                        bad("invalid redirect token: '@tag:'"), bad("invalid intendedtarget token: '@tag:'")),
                row("@type:", bad("invalid empty @type: token: '@type:'"), bad("invalid empty @type: token: '@type:'"),
                        bad("invalid redirect token: '@type:'"), bad("invalid intendedtarget token: '@type:'")),
                row("@dispvm:", bad("invalid empty @dispvm: token: '@dispvm:'"),
                        bad("invalid empty @dispvm: token: '@dispvm:'"), bad("invalid empty @dispvm: token: '@dispvm:'"),
                        bad("invalid empty @dispvm: token: '@dispvm:'")),
                row("@dispvm:@tag:", bad("invalid empty @dispvm:@tag: token: '@dispvm:@tag:'"),
                        bad("invalid empty @dispvm:@tag: token: '@dispvm:@tag:'"),
                        bad("invalid redirect token: '@dispvm:@tag:'"),
                        bad("invalid intendedtarget token: '@dispvm:@tag:'")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("table")
    void tokenInEveryContext(String text, Outcome[] expected) {
        for (int i = 0; i < CONTEXTS.length; i++) {
            assertOutcome(text, CONTEXTS[i], expected[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"@", "@foo", "@tag", "@dispvmx", "@anyvm:x", "@ADMINVM", "@dispvm:@foo", "@dispvm:@type:x",
            "@tag:@x", "@type:@x", "@dispvm:@tag:@x", "@Default", "@type", "@dispvm:@", "@\u0000", "@it's"})
    void invalidInEveryContext(String text) {
        for (int i = 0; i < CONTEXTS.length; i++) {
            assertOutcome(text, CONTEXTS[i], invalidHere(text, i));
        }
    }

    @Test
    void contextWordsOfTheMessages() {
        assertEquals("source", TokenContext.SOURCE.word());
        assertEquals("target", TokenContext.TARGET.word());
        assertEquals("redirect", TokenContext.REDIRECT.word());
        assertEquals("intendedtarget", TokenContext.INTENDED_TARGET.word());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"work", "uuid:x", "*", "@anyvm", "@adminvm", "@default", "@dispvm", "@dispvm:x",
            "@dispvm:@tag:x", "@tag:x", "@type:x"})
    void textIsTheTokenAsWritten(String text) throws PolicySyntaxException {
        assertEquals(text, Token.parse(text, TokenContext.TARGET).text());
    }

    @Test
    void aNameNeverStartsWithUuid() {
        assertThrows(IllegalArgumentException.class, () -> new Token.Name("uuid:x"));
        assertThrows(IllegalArgumentException.class, () -> new Token.Name(""));
    }

    private static void assertOutcome(String text, TokenContext context, Outcome expected) {
        switch (expected) {
            case Valid valid -> {
                try {
                    assertEquals(valid.token(), Token.parse(text, context), () -> text + " in " + context);
                } catch (PolicySyntaxException e) {
                    throw new AssertionError(text + " in " + context + ": " + e.getMessage(), e);
                }
            }
            case Invalid invalid -> {
                PolicySyntaxException e = assertThrows(PolicySyntaxException.class,
                        () -> Token.parse(text, context), () -> text + " in " + context);
                assertEquals(invalid.message(), e.getMessage(), () -> text + " in " + context);
                assertEquals(invalid.code(), e.code(), () -> text + " in " + context);
            }
        }
    }
}
