package dev.qrexec.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Every format of the one diagnostic printer, exactly. */
class DiagnosticFormatTest {
    private static final Position AT = new Position("/etc/qubes/policy.d/30-a.policy", 3, 7);
    private static final Diagnostic ERROR = Diagnostic.error(Code.INVALID_ACTION, AT, "invalid action: x");
    private static final Diagnostic WARNING =
            Diagnostic.warning(Code.DUPLICATE_RULE, AT, "duplicate of the rule at x:1").withHint("remove one");
    private static final Diagnostic WHOLE_FILE =
            Diagnostic.error(Code.INVALID_FILENAME, Position.of("/p/A.policy"), "invalid filename: /p/A.policy");

    @Test
    void compilerForm() {
        assertEquals("/etc/qubes/policy.d/30-a.policy:3:7: error: invalid action: x",
                DiagnosticFormat.COMPILER.format(ERROR));
        assertEquals("/etc/qubes/policy.d/30-a.policy:3:7: warning: duplicate of the rule at x:1",
                DiagnosticFormat.COMPILER.format(WARNING));
        assertEquals("/p/A.policy:0:0: error: invalid filename: /p/A.policy", DiagnosticFormat.COMPILER.format(WHOLE_FILE));
    }

    @Test
    void lintFormsAddHintAndTheCodeOfAWarning() {
        assertEquals("/etc/qubes/policy.d/30-a.policy:3:7: error: invalid action: x", DiagnosticFormat.LINT.format(ERROR));
        assertEquals("/etc/qubes/policy.d/30-a.policy:3:7: warning: duplicate of the rule at x:1 (remove one) "
                + "[duplicate-rule]", DiagnosticFormat.LINT.format(WARNING));
        assertEquals("/etc/qubes/policy.d/30-a.policy:3: error: invalid action: x",
                DiagnosticFormat.LINT_FILE.format(ERROR));
        assertEquals("/etc/qubes/policy.d/30-a.policy:3: warning: duplicate of the rule at x:1 (remove one) "
                + "[duplicate-rule]", DiagnosticFormat.LINT_FILE.format(WARNING));
        assertEquals("/etc/qubes/policy.d/30-a.policy:3: warning: duplicate of the rule at x:1 (remove one)",
                DiagnosticFormat.REFERENCE_LINT.format(WARNING));
        assertEquals(DiagnosticFormat.LINT_FILE.format(ERROR), DiagnosticFormat.REFERENCE_LINT.format(ERROR));
    }

    @Test
    void referenceAndRefusalForms() {
        assertEquals("/etc/qubes/policy.d/30-a.policy:3: invalid action: x", DiagnosticFormat.REFERENCE.format(ERROR));
        assertEquals("invalid filename: /p/A.policy", DiagnosticFormat.REFERENCE.format(WHOLE_FILE));
        assertEquals("/etc/qubes/policy.d/30-a.policy:3:7: invalid action: x", DiagnosticFormat.REFUSAL.format(ERROR));
        assertEquals("/x:2: m", DiagnosticFormat.REFUSAL.format(Diagnostic.error(Code.LOAD_FAILED,
                new Position("/x", 2, 0), "m")));
        assertEquals("invalid filename: /p/A.policy", DiagnosticFormat.REFUSAL.format(WHOLE_FILE));
        assertEquals("/p/B: not readable", DiagnosticFormat.REFUSAL.format(Diagnostic.error(Code.LOAD_FAILED,
                Position.of("/p/B"), "not readable")));
    }

    @Test
    void jsonForm() {
        assertEquals("{\"file\":\"/etc/qubes/policy.d/30-a.policy\",\"line\":3,\"column\":7,\"severity\":\"warning\","
                + "\"code\":\"duplicate-rule\",\"message\":\"duplicate of the rule at x:1\"}",
                DiagnosticFormat.JSON.format(WARNING));
    }

    @Property(tries = 300)
    void jsonIsValidForAnyText(@ForAll String file, @ForAll String message) throws Exception {
        Diagnostic d = Diagnostic.error(Code.LOAD_FAILED, Position.of(file), message);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("file", file);
        expected.put("line", 0);
        expected.put("column", 0);
        expected.put("severity", "error");
        expected.put("code", Code.LOAD_FAILED.id());
        expected.put("message", message);
        assertEquals(expected, new ObjectMapper().readValue(DiagnosticFormat.JSON.format(d), LinkedHashMap.class));
    }
}
