package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.testdata.Vectors;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code load} outcome of the conformance vectors: same success, same first error
 * file and line, and the same first error again in diagnostics mode.
 */
class ConformanceLoadTest {
    @TempDir
    Path scratch;

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("vectors-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loadOutcomeMatchesReference(JsonNode vector) throws Exception {
        Path root = scratch.toRealPath();
        Vectors.writeTree(vector.get("files"), root);
        LoadResult result = PolicyLoader.load(LoadOptions.defaults()
                .withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                .withLegacyDirectory(root.resolve("legacy")));
        LoadResult all = PolicyLoader.load(LoadOptions.defaults()
                .withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                .withLegacyDirectory(root.resolve("legacy"))
                .collectingAll(true));
        assertEquals(result.firstError(), all.firstError(), "diagnostics mode reports the same first error");
        JsonNode load = vector.get("load");
        if (load.path("ok").asBoolean(false)) {
            assertTrue(result.ok(), () -> "expected the policy to load, got " + result.diagnostics());
            return;
        }
        assertFalse(result.ok(), "expected a load failure: " + load);
        Diagnostic first = result.firstError().orElseThrow();
        String kind = load.get("kind").asText();
        switch (kind) {
            case "syntax" -> {
                assertTrue(first.code().isSyntax(), () -> "expected a syntax error, got " + first);
                String file = root.relativize(Path.of(first.position().file()).toAbsolutePath()).toString();
                assertEquals(load.get("file").asText(), file, () -> "first error " + first + " vs " + load);
                if (!load.get("line").isNull()) {
                    assertEquals(load.get("line").asInt(), first.position().line(),
                            () -> "first error " + first + " vs " + load);
                }
            }
            case "access-denied" -> assertFalse(first.code().isSyntax(), () -> "expected a load error, got " + first);
            default -> { }
        }
    }
}
