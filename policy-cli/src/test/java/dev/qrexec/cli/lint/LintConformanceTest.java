package dev.qrexec.cli.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qrexec.cli.InProcess;
import dev.qrexec.testdata.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lint vector: {@code qubes-policy-lint FLAGS FILE} on the recorded content
 * prints exactly the recorded output and exits with the recorded status. The file
 * is named by its absolute path here, so the recorded {@code test.policy} at the
 * start of each line stands for that path.
 */
class LintConformanceTest {
    @TempDir
    Path scratch;

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("lint-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputMatchesReference(JsonNode vector) throws Exception {
        Path file = scratch.resolve("test.policy");
        Files.writeString(file, vector.get("content").asText(), StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>();
        vector.get("flags").forEach(flag -> args.add(flag.asText()));
        args.add(file.toString());
        InProcess run = InProcess.run("qubes-policy-lint", args.toArray(String[]::new));
        String expected = vector.get("stdout").asText().replaceAll("(?m)^test\\.policy:",
                Matcher.quoteReplacement(file + ":"));
        assertEquals(expected, run.out(), "stdout; stderr: " + run.err());
        assertEquals(vector.get("exit").asInt(), run.exit(), "exit status");
    }
}
