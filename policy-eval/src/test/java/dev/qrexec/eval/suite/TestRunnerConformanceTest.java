package dev.qrexec.eval.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import dev.qrexec.testdata.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code qrexec-policy test} agrees with the reference on every conformance vector:
 * each vector becomes a YAML test file (system information inline) that expects, for
 * every request, the decision the reference made (allow with its target, ask with its
 * targets and default, or deny) and the rule that decided; every test must pass.
 */
class TestRunnerConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path scratch;

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("vectors-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRecordedDecisionPasses(JsonNode vector) throws Exception {
        Path root = scratch.toRealPath();
        Vectors.writeTree(vector.get("files"), root.resolve("tree"));
        LoadResult loaded = PolicyLoader.load(LoadOptions.defaults()
                .withDirectories(List.of(root.resolve("tree/run"), root.resolve("tree/etc")))
                .withLegacyDirectory(root.resolve("tree/legacy")));
        StringBuilder yaml = new StringBuilder("system_info: " + JSON.writeValueAsString(vector.get("system_info"))
                + "\ntests:\n");
        int count = 0;
        for (JsonNode r : vector.get("requests")) {
            ObjectNode test = JSON.createObjectNode();
            test.put("source", r.get("source").asText());
            test.put("target", r.get("target").asText());
            test.put("service", r.get("service_and_arg").asText());
            if (r.has("requested_source")) {
                test.put("requested_source", r.get("requested_source").asText());
            }
            JsonNode d = r.get("describe");
            if (d == null) {
                boolean allDeny = r.get("just_evaluate").asText().equals("result=deny")
                        && r.get("assume_yes_for_ask").asText().equals("result=deny")
                        && r.get("both").asText().equals("result=deny");
                if (!allDeny) {
                    continue;
                }
                test.put("expect", "deny");
            } else if (d.has("target")) {
                test.put("expect", "allow");
                test.put("as", d.get("target").asText());
                test.put("rule", d.get("rule").asText());
            } else if (d.has("targets_for_ask")) {
                test.put("expect", "ask");
                test.set("targets_for_ask", d.get("targets_for_ask"));
                if (!d.get("default_target").isNull()) {
                    test.put("default_target", d.get("default_target").asText());
                }
                test.put("rule", d.get("rule").asText());
            } else {
                test.put("expect", "deny");
            }
            yaml.append("  - ").append(JSON.writeValueAsString(test)).append('\n');
            count++;
        }
        if (count == 0) {
            return;
        }
        Path file = root.resolve("tests.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        PolicyTestFile tests = PolicyTestFile.read(file);
        SystemInfo info = SystemInfo.parse(tests.systemInfoJson().orElseThrow());
        List<TestResult> results = new TestRunner(new Evaluator(CompiledPolicy.compile(loaded)), info).run(tests);
        assertEquals(count, results.size());
        List<String> failures = results.stream().filter(t -> !t.passed())
                .map(t -> "line " + t.line() + ": " + t.requestText() + ": " + t.problems()).toList();
        assertEquals(List.of(), failures, yaml.toString());
    }
}
