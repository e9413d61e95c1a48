package dev.qrexec.cli.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qrexec.cli.ProgramRun;
import dev.qrexec.testdata.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every lint vector: {@code qubes-policy-lint FLAGS FILE} on the recorded content
 * prints exactly the recorded output, and fails exactly when the reference did.
 * The vectors of one flag combination are linted in one run, each in a file of its
 * own (which also checks that every file is linted); the output is then cut by
 * file, each file's lines start with its path where the reference printed
 * {@code test.policy}.
 */
class LintConformanceTest {
    @TempDir
    Path dir;

    /** One vector written out: where, and what the reference printed for it. */
    private record Written(String name, Path file, String expected, int exit) {}

    @TestFactory
    Stream<DynamicTest> everyVector() throws Exception {
        Map<String, List<Written>> byFlags = new LinkedHashMap<>();
        int n = 0;
        for (Named<JsonNode> named : Vectors.cases("lint-").toList()) {
            JsonNode vector = named.getPayload();
            Path file = dir.resolve("case-" + n++).resolve("test.policy");
            Files.createDirectories(file.getParent());
            Files.writeString(file, vector.get("content").asText(), StandardCharsets.UTF_8);
            String expected = vector.get("stdout").asText()
                    .replaceAll("(?m)^test\\.policy:", Matcher.quoteReplacement(file + ":"));
            byFlags.computeIfAbsent(vector.get("flags").toString(), k -> new ArrayList<>())
                    .add(new Written(named.getName(), file, expected, vector.get("exit").asInt()));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, List<Written>> group : byFlags.entrySet()) {
            List<String> args = new ArrayList<>();
            for (String flag : group.getKey().replaceAll("[\\[\\]\"]", "").split(",")) {
                if (!flag.isEmpty()) {
                    args.add(flag);
                }
            }
            group.getValue().forEach(w -> args.add(w.file().toString()));
            ProgramRun run = ProgramRun.run("qubes-policy-lint", args.toArray(String[]::new));
            Map<String, StringBuilder> byFile = new HashMap<>();
            for (String line : run.out().split("\n")) {
                if (!line.isEmpty()) {
                    String file = line.substring(0, line.indexOf("/test.policy:") + "/test.policy".length());
                    byFile.computeIfAbsent(file, k -> new StringBuilder()).append(line).append('\n');
                }
            }
            boolean anyFails = group.getValue().stream().anyMatch(w -> w.exit() != 0);
            tests.add(DynamicTest.dynamicTest("flags " + group.getKey() + ": exit status of the whole run", () -> {
                assertEquals(anyFails ? 1 : 0, run.status(), run.err());
                assertTrue(run.out().endsWith("\n") || run.out().isEmpty());
            }));
            for (Written w : group.getValue()) {
                String actual = byFile.getOrDefault(w.file().toString(), new StringBuilder()).toString();
                tests.add(DynamicTest.dynamicTest(w.name() + " " + group.getKey(), () -> {
                    assertEquals(w.expected(), actual);
                    assertEquals(w.exit(), actual.isEmpty() ? 0 : 1, "exit status of this file");
                }));
            }
        }
        return tests.stream();
    }
}
