package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qrexec.testdata.Vectors;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading the top-level files on several threads gives exactly what reading them in
 * turn gives, over every conformance vector: the same files, lines, rules and
 * diagnostics, positions included, when loading stops at the first error and when it
 * collects them all.
 */
class ParallelLoadTest {
    @TempDir
    Path scratch;

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("vectors-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parallelLoadIsTheSequentialLoad(JsonNode vector) throws Exception {
        Path root = scratch.toRealPath();
        Vectors.writeTree(vector.get("files"), root);
        assertParallelLoadIsSequentialLoad(root);
    }

    /**
     * Loads the tree of {@code run/}, {@code etc/} and {@code legacy/} under {@code root}
     * with 1, 2 and 5 threads, stopping at the first error and collecting them all.
     */
    static void assertParallelLoadIsSequentialLoad(Path root) {
        LoadOptions options = LoadOptions.defaults()
                .withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                .withLegacyDirectory(root.resolve("legacy"));
        for (boolean all : List.of(false, true)) {
            LoadOptions these = options.collectingAll(all);
            String sequential = PolicyLoader.load(these, 1).toString();
            assertEquals(sequential, PolicyLoader.load(these, 2).toString(), "2 threads, collect all: " + all);
            assertEquals(sequential, PolicyLoader.load(these, 5).toString(), "5 threads, collect all: " + all);
        }
    }
}
