package dev.qrexec.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qrexec.testdata.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/qrexec-policy check} as a real process, started through the launcher on the built jar. */
class CheckE2ETest {
    /** Bounds a hung process only; a run normally takes about a second. */
    private static final long TIMEOUT_SECONDS = 300;

    private static final Path LAUNCHER = Vectors.directory().getParent().getParent().resolve("bin/qrexec-policy");

    @TempDir
    Path temporary;

    Path root;

    @BeforeEach
    void scratch() throws IOException {
        root = temporary.toRealPath();
        Files.createDirectories(root.resolve("etc"));
    }

    private void write(String relative, String text) throws IOException {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    private record Run(int exit, String out, String err) {}

    /** Runs the launcher with {@code args} in the scratch root. */
    private Run run(String... args) throws IOException, InterruptedException {
        return runAs(List.of(), args);
    }

    /** Runs the launcher with {@code args} in the scratch root, the command prefixed by {@code prefix}. */
    private Run runAs(List<String> prefix, String... args) throws IOException, InterruptedException {
        return runWith(prefix, Map.of(), args);
    }

    /**
     * Runs the launcher with {@code args} in the scratch root, the command prefixed by
     * {@code prefix}, with these changes to the environment (an empty value removes a variable).
     */
    private Run runWith(List<String> prefix, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        Path out = root.resolve("stdout");
        Path err = root.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("qrexec-policy " + String.join(" ", args) + " did not finish");
        }
        Run result = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    @Test
    void aGoodPolicy() throws Exception {
        write("etc/10-a.policy", "qubes.Filecopy * @anyvm @anyvm ask\n!include include/x\n");
        write("etc/include/x", "qubes.Gpg * work vault allow\n");
        assertEquals(new Run(0, "", ""), run("check", "--policy-dir", "etc"));
        assertEquals(new Run(0, "{\"ok\":true,\"diagnostics\":[]}\n", ""), run("check", "--policy-dir", "etc", "--json"));
    }

    @Test
    void errorsNameTheFileAsFoundFromTheDirectoryGiven() throws Exception {
        write("etc/10-a.policy", "# c\nqubes.Filecopy * @anyvm @anyvm allow target=\n!include include/x\n");
        write("etc/include/x", "\nbad\n");
        assertEquals(new Run(1, "etc/10-a.policy:2:38: error: invalid empty redirect token\n"
                + root.resolve("etc/include/x") + ":2:1: error: wrong number of fields\n", ""),
                run("check", "--policy-dir", "etc"));
        assertEquals(new Run(1, "{\"ok\":false,\"diagnostics\":["
                + "{\"file\":\"etc/10-a.policy\",\"line\":2,\"column\":38,\"severity\":\"error\",\"code\":\"empty-token\","
                + "\"message\":\"invalid empty redirect token\"},"
                + "{\"file\":\"" + root.resolve("etc/include/x") + "\",\"line\":2,\"column\":1,\"severity\":\"error\","
                + "\"code\":\"wrong-field-count\",\"message\":\"wrong number of fields\"}]}\n", ""),
                run("check", "--policy-dir", "etc", "--json"));
    }

    @Test
    void severalDirectoriesAndTheLegacyDirectory() throws Exception {
        write("run/10-a.policy", "!compat-4.0\n");
        write("etc/10-a.policy", "bad shadowed file\n");
        write("old/qubes.Gpg", "work vault allow,notify=often\n");
        assertEquals(new Run(1, "run/10-a.policy:1:1: warning: !compat-4.0 directive in file run/10-a.policy line 1 "
                + "is transitional and will be deprecated\n"
                + root.resolve("old/qubes.Gpg") + ":1:18: error: 'notify' is 'often', but can be only 'yes' or 'no'\n", ""),
                run("check", "--policy-dir", "run", "--policy-dir", "etc", "--legacy-dir", "old"));
    }

    /**
     * A file the loader may not read. Root reads every file, so as root the launcher runs
     * as the unprivileged user nobody (through setpriv).
     */
    @Test
    void anUnreadableFileFailsTheCheck() throws Exception {
        List<String> prefix = List.of();
        if ("root".equals(System.getProperty("user.name"))) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is needed to drop root");
            prefix = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
        }
        write("etc/10-a.policy", "a * @anyvm @anyvm deny\n");
        write("etc/20-b.policy", "b * @anyvm @anyvm deny\n");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("etc"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("etc/10-a.policy"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(root.resolve("etc/20-b.policy"), PosixFilePermissions.fromString("---------"));
        assertEquals(new Run(1, "etc/20-b.policy:0:0: error: failed to load etc/20-b.policy file: [Errno 13] "
                + "Permission denied: 'etc/20-b.policy'\n", ""), runAs(prefix, "check", "--policy-dir", "etc"));
    }

    /** In a locale whose file names are ASCII, a non-ASCII name cannot even be looked up: still an invalid name. */
    @Test
    void aNonAsciiFileNameInAnAsciiLocale() throws Exception {
        write("etc/10-a.policy", "a * @anyvm @anyvm deny\n");
        Process touch = new ProcessBuilder("sh", "-c", "printf 'x\\n' > \"etc/$(printf 'caf\\303\\251').policy\"")
                .directory(root.toFile()).inheritIO().start();
        assertEquals(0, touch.waitFor());
        assertEquals(new Run(1, "etc/caf\u00e9.policy:0:0: error: invalid filename: etc/caf\u00e9.policy\n", ""),
                runWith(List.of(), Map.of("LANG", "", "LC_CTYPE", "", "LC_ALL", "C"), "check", "--policy-dir", "etc"));
    }

    @Test
    void aUsageError() throws Exception {
        Run run = run("check", "--no-such-option");
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Unknown option: '--no-such-option'\nUsage: qrexec-policy check "), run.err());
    }

    @Test
    void anEndlessIncludeChainIsAnErrorNotACrash() throws Exception {
        int files = 1100;
        write("etc/00.policy", "!include chain/1\n");
        for (int i = 1; i < files; i++) {
            write("etc/chain/" + i, "!include chain/" + (i + 1) + "\n");
        }
        assertEquals(new Run(1, root.resolve("etc/chain/1023") + ":1:1: error: include nesting too deep\n", ""),
                run("check", "--policy-dir", "etc"));
        write("etc/00.policy", "!include 00.policy\n");
        assertEquals(new Run(1, "etc/00.policy:1:1: error: circular include: " + root.resolve("etc/00.policy") + "\n", ""),
                run("check", "--policy-dir", "etc"));
    }
}
