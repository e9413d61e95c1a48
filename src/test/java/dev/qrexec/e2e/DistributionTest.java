package dev.qrexec.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution tarball the build assembles: unpacked with tar, its launchers
 * run as real processes, installed with its install script into a staging root.
 */
class DistributionTest {
    private static final Path TARBALL = Path.of("..", "policy-cli", "target", "qrexec-policy-dist.tar.gz");

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    private static Result run(Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("QREXEC_POLICY_JAR");
        builder.environment().putAll(env);
        Path out = Files.createTempFile("dist-out", ".txt");
        Path err = Files.createTempFile("dist-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("hung: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private Path unpack() throws Exception {
        assertTrue(Files.isRegularFile(TARBALL), "the build writes " + TARBALL.toAbsolutePath());
        Result tar = run(Map.of(), List.of("tar", "-xzf", TARBALL.toAbsolutePath().toString(), "-C", dir.toString()));
        assertEquals(0, tar.status(), tar.err());
        try (var entries = Files.list(dir)) {
            List<Path> roots = entries.toList();
            assertEquals(1, roots.size(), "one top directory: " + roots);
            return roots.getFirst();
        }
    }

    @Test
    void holdsEveryProgramWithItsPageAndCompletion() throws Exception {
        Path root = unpack();
        assertTrue(Files.isExecutable(root.resolve("bin/qrexec-policy")));
        assertTrue(Files.isExecutable(root.resolve("install.sh")));
        assertTrue(Files.isRegularFile(root.resolve("lib/qrexec-policy/qrexec-policy.jar")));
        for (String program : Main.programs()) {
            if (!program.equals("qrexec-policy")) {
                assertEquals(Path.of("qrexec-policy"), Files.readSymbolicLink(root.resolve("bin").resolve(program)));
            }
            assertTrue(Files.readString(root.resolve("share/man/man1/" + program + ".1")).startsWith(".TH "), program);
            assertTrue(Files.isRegularFile(root.resolve("share/bash-completion/completions/" + program)), program);
        }
        Path repositoryDist = Path.of("..", "dist");
        if (Files.isDirectory(repositoryDist)) {
            try (var files = Files.walk(repositoryDist)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path shipped = root.resolve("share/qrexec-policy").resolve(repositoryDist.relativize(file));
                    assertTrue(Files.exists(shipped), "shipped: " + shipped);
                }
            }
        }
    }

    @Test
    void unpackedLauncherRunsTheGraphTool() throws Exception {
        Path root = unpack();
        Path policy = Files.createDirectories(dir.resolve("policy.d"));
        Files.writeString(policy.resolve("30-user.policy"), "qubes.Filecopy * work personal allow\n");
        Path systemInfo = Files.writeString(dir.resolve("si.json"), """
                {"domains": {
                 "work": {"tags": [], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": null,
                          "label": "0xcc0000", "power_state": "Running", "uuid": "c9024a97-9b15-46cc-8341-38d75d5d421b"},
                 "personal": {"tags": [], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": null,
                              "label": "0xf5d500", "power_state": "Running",
                              "uuid": "b3eb69d0-f9d9-4c3c-ad5c-454500303ea4"}}}""", StandardCharsets.UTF_8);
        Result result = run(Map.of(), List.of(root.resolve("bin/qrexec-policy-graph").toString(),
                "--policy-dir", policy.toString(), "--system-info", systemInfo.toString()));
        assertEquals(new Result(0, """
                digraph g {
                  "work" [color = "#cc0000", penwidth = 3];
                  "personal" [color = "#f5d500", penwidth = 3];
                  "work" -> "personal" [label="qubes.Filecopy" color=red];
                }
                """, ""), result);
    }

    @Test
    void installScriptInstallsIntoAStagingRoot() throws Exception {
        Path root = unpack();
        Path stage = dir.resolve("stage");
        Result install = run(Map.of("DESTDIR", stage.toString(), "PREFIX", "/usr"),
                List.of("sh", root.resolve("install.sh").toString()));
        assertEquals(0, install.status(), install.err());
        assertEquals("installed qrexec-policy into " + stage + "/usr\n", install.out());
        List<String> missing = new ArrayList<>();
        for (String program : Main.programs()) {
            for (String file : List.of("usr/bin/" + program, "usr/share/man/man1/" + program + ".1",
                    "usr/share/bash-completion/completions/" + program)) {
                if (!Files.exists(stage.resolve(file))) {
                    missing.add(file);
                }
            }
        }
        assertEquals(List.of(), missing);
        for (String kind : List.of("lint", "eval", "admin", "client", "server")) {
            assertTrue(Files.size(stage.resolve("usr/lib/qrexec-policy/qrexec-policy-" + kind + ".aot")) > 0, kind);
        }
        Result help = run(Map.of(), List.of(stage.resolve("usr/bin/qrexec-policy-graph").toString(), "--help"));
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().startsWith("Usage: qrexec-policy-graph "), help.out());
    }
}
