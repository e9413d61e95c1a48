package dev.qrexec.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qrexec.testdata.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/qubes-policy-lint} as the reference is run: a real process started
 * through the launcher symlink, in the directory holding {@code test.policy}, on a
 * sample of the lint vectors (every flag combination, with and without errors), in
 * the C locale, where the output must still be UTF-8.
 */
class LintLauncherTest {
    private static final Path ROOT = Vectors.directory().getParent().getParent();
    private static final Path LINT = ROOT.resolve("bin/qubes-policy-lint");

    @TempDir
    Path dir;

    /** Result of one launcher run. */
    private record Run(int exit, String out, String err) {}

    private Run lint(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(LINT.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        Process process = builder.start();
        process.getOutputStream().write(stdin);
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** The first two vectors of each flag combination, one with errors and one without where there is one. */
    static Stream<Named<JsonNode>> sample() {
        List<Named<JsonNode>> all = Vectors.cases("lint-").toList();
        List<Named<JsonNode>> picked = new ArrayList<>();
        for (String flags : List.of("[]", "[\"-s\"]", "[\"-i\"]", "[\"-i\",\"-s\"]")) {
            for (int exit : new int[] {0, 1}) {
                all.stream()
                        .filter(c -> c.getPayload().get("flags").toString().equals(flags)
                                && c.getPayload().get("exit").asInt() == exit)
                        .findFirst()
                        .ifPresent(picked::add);
            }
        }
        return picked.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sample")
    void launcherMatchesReference(JsonNode vector) throws Exception {
        Files.writeString(dir.resolve("test.policy"), vector.get("content").asText(), StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>();
        vector.get("flags").forEach(flag -> args.add(flag.asText()));
        args.add("test.policy");
        Run run = lint(new byte[0], args.toArray(String[]::new));
        assertEquals(vector.get("stdout").asText(), run.out(), "stderr: " + run.err());
        assertEquals(vector.get("exit").asInt(), run.exit());
    }

    @Test
    void outputIsUtf8InTheCLocale() throws Exception {
        Run run = lint("a\u00e9\u20ac * a b allow\n".getBytes(StandardCharsets.UTF_8), "-");
        assertEquals("-:1: error: service 'a\u00e9\u20ac' contains invalid characters: ('\u00e9', '\u20ac')\n",
                run.out());
    }

    @Test
    void standardInputAndUsageError() throws Exception {
        Run stdin = lint("bad\n".getBytes(StandardCharsets.UTF_8), "-");
        assertEquals("-:1: error: wrong number of fields\n", stdin.out());
        assertEquals(1, stdin.exit());
        Run usage = lint(new byte[0]);
        assertEquals("", usage.out());
        assertEquals(2, usage.exit());
        assertTrue(usage.err().contains("Usage: qubes-policy-lint "), usage.err());
    }
}
