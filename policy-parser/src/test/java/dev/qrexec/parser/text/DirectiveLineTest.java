package dev.qrexec.parser.text;

import static dev.qrexec.parser.text.OneLine.assertCurrentError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.ServiceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Directive lines of the current syntax as parsed (policy-language.md 4.1 and the
 * service and argument checks of 4.4); what the loader does with them is in the
 * loader tests.
 */
class DirectiveLineTest {
    private static Position at(int column) {
        return new Position(OneLine.PATH, 1, column);
    }

    @Test
    void eachDirectiveWithItsParameters() {
        assertEquals(new Include("include/x", at(1)), OneLine.current("!include include/x"));
        assertEquals(new IncludeDir("../d", at(1)), OneLine.current("!include-dir ../d"));
        assertEquals(new IncludeService(new ServiceSpec.Named("qubes.Gpg"), new ArgumentSpec.Exact("+sign"),
                "/abs/path", at(1)), OneLine.current("!include-service qubes.Gpg +sign /abs/path"));
        assertEquals(new IncludeService(ServiceSpec.Any.INSTANCE, ArgumentSpec.Any.INSTANCE, "p", at(1)),
                OneLine.current("!include-service * * p"));
        assertEquals(new Compat40(at(1)), OneLine.current("!compat-4.0"));
    }

    @Test
    void positionsAndSeparators() {
        Line include = OneLine.current(" \u3000!include\u00a0x\u2003");
        assertEquals(new Include("x", at(3)), include);
        assertEquals(at(3), include.position());
        assertEquals(at(2), OneLine.current("\t!compat-4.0\t").position());
        assertEquals(new Include("a#b!c", at(1)), OneLine.current("!include a#b!c"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"!include", "!include a b", "!include x # c", "!include-dir", "!include-dir a b",
            "!include-service", "!include-service a", "!include-service a +b", "!include-service a +b c d",
            "!include-service a/b * p q", "!compat-4.0 x", "!compat-4.0 # c"})
    void wrongNumberOfParameters(String line) {
        assertCurrentError(line, Code.DIRECTIVE_PARAMETER_COUNT, 1, "invalid number of params");
        assertCurrentError("  " + line, Code.DIRECTIVE_PARAMETER_COUNT, 3, "invalid number of params");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"! include x", "!", "!includes x", "!Include x", "!INCLUDE x", "!include_dir x",
            "!include-services a b c", "!includedir x", "!compat-4.0x", "!compat", "!compat-4.1", "!foo",
            "!include\u200b x", "!\ufeffinclude x", "!!include x", "!include-dir-x y", "!include:x"})
    void unknownDirectives(String line) {
        assertCurrentError(line, Code.INVALID_DIRECTIVE, 1, "invalid directive");
    }

    @Test
    void includeServiceChecksServiceThenArgument() {
        assertCurrentError("!include-service a/b f/oo p", Code.INVALID_SERVICE, 18,
                "service 'a/b' contains invalid characters: ('/',)");
        assertCurrentError("!include-service a+b * p", Code.INVALID_SERVICE, 18,
                "service 'a+b' contains invalid characters: ('+',)");
        assertCurrentError("!include-service x f/oo p", Code.INVALID_ARGUMENT, 20,
                "argument 'f/oo' contains invalid characters: ('/',)");
        assertCurrentError("!include-service x foo p", Code.ARGUMENT_WITHOUT_PLUS, 20,
                "argument 'foo' does not start with +");
        assertCurrentError("!include-service * +x p", Code.WILDCARD_SERVICE_ARGUMENT, 20,
                "only * argument allowed for * service");
        assertCurrentError("!include-service * foo p", Code.ARGUMENT_WITHOUT_PLUS, 20,
                "argument 'foo' does not start with +");
    }

    @Test
    void legacyDirectivesAreInvalidInTheCurrentSyntax() {
        assertCurrentError("$include:x", Code.WRONG_FIELD_COUNT, 1, "wrong number of fields");
        assertCurrentError("@include:x a b c d", Code.INVALID_SERVICE, 1,
                "service '@include:x' contains invalid characters: (':', '@')");
    }
}
