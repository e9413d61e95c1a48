package dev.qrexec.cli.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qrexec.cli.ProgramRun;
import dev.qrexec.testdata.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every run of the graph vectors through {@code qrexec-policy-graph}: the exact
 * stdout where the reference printed one; where it crashed, a well-formed graph and
 * exit status 0.
 */
class ConformanceGraphTest {
    @TempDir
    Path scratch;

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("graph-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRunMatchesTheReference(JsonNode vector) throws Exception {
        Path root = scratch.toRealPath();
        Vectors.writeTree(vector.get("files"), root);
        Path systemInfo = root.resolve("si.json");
        Files.writeString(systemInfo, vector.get("system_info").toString(), StandardCharsets.UTF_8);
        for (JsonNode run : vector.get("runs")) {
            List<String> args = new ArrayList<>();
            run.get("options").forEach(o -> args.add(o.asText()));
            args.addAll(List.of("--policy-dir", root.resolve("etc").toString(),
                    "--legacy-dir", root.resolve("legacy").toString(),
                    "--system-info", systemInfo.toString()));
            ProgramRun result = ProgramRun.run("qrexec-policy-graph", "", Map.of(), args);
            String stdout = result.out();
            String context = "options " + run.get("options") + ", stderr: " + result.err();
            assertEquals(0, result.status(), context);
            if (run.has("stdout")) {
                assertEquals(run.get("stdout").asText(), stdout, context);
            } else {
                assertTrue(stdout.startsWith("digraph g {\n") && stdout.endsWith("\n}\n"), context + "\n" + stdout);
            }
        }
    }
}
