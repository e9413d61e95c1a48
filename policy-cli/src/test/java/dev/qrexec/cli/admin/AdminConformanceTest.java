package dev.qrexec.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qrexec.testdata.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every call of the admin vectors through the real entry point ({@code qubes-policy-admin}
 * run in-process with qrexec's environment): exit status, stdout and the whole
 * directory afterwards exactly, stderr by kind and message (the column our messages
 * add to a location aside). Where the reference failed internally, a refusal with
 * exit 1 and an unchanged directory.
 */
class AdminConformanceTest {
    @TempDir
    Path scratch;

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("admin-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void callsAnswerAsTheReference(JsonNode vector) throws IOException {
        Path root = scratch.toRealPath().resolve("policy.d");
        Files.createDirectories(root.resolve("include"));
        write(vector.get("initial"), root);
        Map<String, String> env = Map.of("QREXEC_POLICY_DIR", root.toString(),
                "QREXEC_POLICY_ADMIN_LOG", scratch.resolve("admin.log").toString(),
                "QREXEC_POLICY_LEGACY_DIR", scratch.resolve("legacy").toString(),
                "QREXEC_REMOTE_DOMAIN", "mgmt");
        int index = 0;
        for (JsonNode call : vector.get("calls")) {
            String name = call.get("service").asText() + "+" + call.get("argument").asText();
            String where = "call " + index++ + " " + name + " " + call.get("payload");
            Map<String, String> before = snapshot(root);
            Map<String, String> callEnv = new TreeMap<>(env);
            callEnv.put("QREXEC_SERVICE_FULL_NAME", name);
            AdminRun run = AdminRun.of(callEnv, call.get("payload").asText().getBytes(StandardCharsets.UTF_8),
                    "qubes-policy-admin");
            if (call.has("reference_exception")) {
                assertEquals(1, run.exit(), where + ": " + run.err());
                assertNotEquals("", run.err(), where);
                assertEquals(before, snapshot(root), where);
                continue;
            }
            String expectedOut = call.get("stdout").asText().replace("POLICYDIR", root.toString());
            assertEquals(call.get("exit").asInt(), run.exit(), () -> where + ": " + run.err());
            assertEquals(expectedOut, run.out(), where);
            assertEquals(expected(call.get("after")), snapshot(root), where);
            String expectedErr = call.get("stderr").asText().replace("POLICYDIR", root.toString());
            assertEquals(expectedErr, withoutColumn(run.err()), where);
        }
    }

    /** Our locations are {@code FILE:LINE:COLUMN:}; the reference's {@code FILE:LINE:}. */
    static String withoutColumn(String stderr) {
        return stderr.replaceFirst("^(PolicyAdminSyntaxException [^\\n]*?:\\d+):\\d+: ", "$1: ");
    }

    private static void write(JsonNode files, Path root) throws IOException {
        Iterator<Map.Entry<String, JsonNode>> it = files.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            Files.writeString(root.resolve(entry.getKey()), entry.getValue().asText(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> expected(JsonNode files) {
        Map<String, String> map = new TreeMap<>();
        files.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** Every file under the directory (hidden ones too), by relative path. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> map = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                map.put(root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return map;
    }
}
