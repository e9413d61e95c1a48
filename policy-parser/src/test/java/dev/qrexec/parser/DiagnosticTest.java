package dev.qrexec.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How diagnostics and positions print, and how they sort. */
class DiagnosticTest {
    private static final Position AT = new Position("/etc/qubes/policy.d/30-a.policy", 3, 7);

    @Test
    void formats() {
        Diagnostic error = Diagnostic.error(Code.INVALID_ACTION, AT, "invalid action: x");
        assertEquals("/etc/qubes/policy.d/30-a.policy:3:7: error: invalid action: x", error.format());
        assertEquals(error.format(), error.toString());
        assertEquals("/etc/qubes/policy.d/30-a.policy:3: invalid action: x", error.referenceText());
        Diagnostic warning = Diagnostic.warning(Code.COMPAT_TRANSITIONAL, AT, "w");
        assertEquals("/etc/qubes/policy.d/30-a.policy:3:7: warning: w", warning.format());
        Diagnostic load = Diagnostic.error(Code.INVALID_FILENAME, Position.of("/p/A.policy"), "invalid filename: /p/A.policy");
        assertEquals("invalid filename: /p/A.policy", load.referenceText());
        assertEquals("/p/A.policy:0:0: error: invalid filename: /p/A.policy", load.format());
        assertEquals("hint", error.withHint("hint").hint());
    }

    @Test
    void positions() {
        assertEquals("/etc/qubes/policy.d/30-a.policy:3", AT.fileAndLine());
        assertEquals("/x:None", Position.of("/x").fileAndLine());
        assertEquals(false, Position.of("/x").hasLine());
        assertThrows(IllegalArgumentException.class, () -> new Position("f", -1, 1));
    }

    @Test
    void codesPrintInLowerCaseWithDashes() {
        assertEquals("wrong-field-count", Code.WRONG_FIELD_COUNT.id());
        assertEquals("include-of-removed-file", Code.INCLUDE_OF_REMOVED_FILE.id());
    }

    @Test
    void sortByFileLineAndColumn() {
        List<Diagnostic> list = new ArrayList<>(List.of(
                Diagnostic.error(Code.INVALID_ACTION, new Position("b", 1, 1), "4"),
                Diagnostic.error(Code.INVALID_ACTION, new Position("a", 2, 1), "3"),
                Diagnostic.error(Code.INVALID_ACTION, new Position("a", 1, 9), "2"),
                Diagnostic.error(Code.INVALID_ACTION, new Position("a", 1, 2), "1")));
        list.sort(Diagnostic.BY_POSITION);
        assertEquals(List.of("1", "2", "3", "4"), list.stream().map(Diagnostic::message).toList());
    }
}
