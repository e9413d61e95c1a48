package dev.qrexec.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qrexec.admin.AdminService;
import dev.qrexec.admin.Operation;
import dev.qrexec.admin.Scope;
import dev.qrexec.testdata.Vectors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/qubes-policy-admin} as qrexec starts it, a real process per call: a sample
 * of the admin vectors (all of them run in-process in policy-cli's tests), and the
 * service waiting for util-linux {@code flock} holding the policy directory.
 */
class AdminServiceE2ETest {
    private static final long WHILE_MS = 700;
    private static final Set<String> SAMPLE = Set.of("admin-1.jsonl:admin-0", "admin-1.jsonl:admin-3");

    @TempDir
    Path scratch;

    @Test
    void aSampleOfTheVectorsThroughTheLauncher() throws Exception {
        Path root = scratch.toRealPath();
        Path policy = Files.createDirectories(root.resolve("policy.d/include")).getParent();
        for (var named : Vectors.cases("admin-").filter(c -> SAMPLE.contains(c.getName())).toList()) {
            JsonNode vector = named.getPayload();
            clear(policy);
            vector.get("initial").fields().forEachRemaining(e -> write(policy.resolve(e.getKey()), e.getValue().asText()));
            for (JsonNode call : vector.get("calls")) {
                String name = call.get("service").asText() + "+" + call.get("argument").asText();
                AdminLauncherRun run = AdminLauncherRun.of(root, Map.of("QREXEC_SERVICE_FULL_NAME", name,
                        "QREXEC_REMOTE_DOMAIN", "mgmt", "QREXEC_POLICY_DIR", policy.toString(),
                        "QREXEC_POLICY_ADMIN_LOG", root.resolve("admin.log").toString()),
                        call.get("payload").asText().getBytes(StandardCharsets.UTF_8), "qubes-policy-admin");
                String where = named.getName() + " " + name;
                assertEquals(call.get("exit").asInt(), run.exit(), where + ": " + run.err());
                assertEquals(call.get("stdout").asText().replace("POLICYDIR", policy.toString()), run.out(), where);
                assertEquals(call.get("stderr").asText().replace("POLICYDIR", policy.toString()),
                        run.err().replaceFirst("^(PolicyAdminSyntaxException [^\\n]*?:\\d+):\\d+: ", "$1: "), where);
                Map<String, String> after = new TreeMap<>();
                call.get("after").fields().forEachRemaining(e -> after.put(e.getKey(), e.getValue().asText()));
                assertEquals(after, snapshot(policy), where);
            }
        }
    }

    @Test
    void theServiceWaitsForFlockOnThePolicyDirectory() throws Exception {
        Path root = scratch.toRealPath();
        Path policy = Files.createDirectories(root.resolve("policy.d/include")).getParent();
        Process holder = new ProcessBuilder("flock", policy.toString(), "sh", "-c", "echo locked; read line || true")
                .start();
        try {
            BufferedReader held = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", held.readLine());
            ProcessBuilder builder = new ProcessBuilder(AdminLauncherRun.BIN.resolve("qubes-policy-admin").toString())
                    .redirectInput(Files.writeString(root.resolve("payload"), "new\n# written\n").toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(Map.of("QREXEC_SERVICE_FULL_NAME", "policy.Replace+30-user",
                    "QREXEC_REMOTE_DOMAIN", "mgmt", "QREXEC_POLICY_DIR", policy.toString(),
                    "QREXEC_POLICY_ADMIN_LOG", root.resolve("admin.log").toString()));
            Process service = builder.start();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(service));
            awaitOpened(service, policy);
            assertFalse(service.waitFor(WHILE_MS, TimeUnit.MILLISECONDS), "the service did not wait for the lock");
            assertFalse(Files.exists(policy.resolve("30-user.policy")));
            holder.getOutputStream().close();
            assertEquals(0, holder.waitFor());
            assertEquals("", new String(output.get(5, TimeUnit.MINUTES), StandardCharsets.UTF_8));
            assertEquals(0, service.waitFor());
            assertEquals("# written\n", Files.readString(policy.resolve("30-user.policy")));
        } finally {
            holder.destroyForcibly();
        }
    }

    /** Waits until the process has the policy directory open, the step just before it asks for the lock. */
    private static void awaitOpened(Process process, Path directory) throws IOException, InterruptedException {
        Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> open = Files.list(fds)) {
                if (open.anyMatch(fd -> directory.equals(target(fd)))) {
                    return;
                }
            }
            assertTrue(process.isAlive(), "the service ended without waiting");
            Thread.sleep(20);
        }
        throw new IllegalStateException("the service never opened " + directory);
    }

    private static Path target(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException gone) {
            return null;
        }
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyServiceHasItsQrexecServiceFileCallingTheHandler() throws Exception {
        Path dist = AdminLauncherRun.BIN.resolveSibling("dist/qubes-rpc");
        Set<String> expected = new TreeSet<>(Set.of("policy.RegisterArgument"));
        for (Operation operation : Operation.values()) {
            for (Scope scope : Scope.values()) {
                if (operation != Operation.GET_FILES || scope == Scope.MAIN) {
                    expected.add(new AdminService(operation, scope).serviceName());
                }
            }
        }
        try (Stream<Path> files = Files.list(dist)) {
            assertEquals(expected, files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
        }
        for (String service : expected) {
            Path file = dist.resolve(service);
            assertTrue(Files.isExecutable(file), service);
            assertTrue(Files.readString(file).endsWith(service.equals("policy.RegisterArgument")
                    ? "\nexec /usr/bin/qrexec-policy register-argument\n" : "\nexec /usr/bin/qubes-policy-admin\n"), service);
        }
        // run as installed, with the launcher standing where /usr/bin/qubes-policy-admin would be
        Path root = scratch.toRealPath();
        Path policy = Files.createDirectories(root.resolve("policy.d/include")).getParent();
        Files.writeString(policy.resolve("30-user.policy"), "");
        Path script = Files.writeString(root.resolve("policy.List"), Files.readString(dist.resolve("policy.List"))
                .replace("/usr/bin/", AdminLauncherRun.BIN + "/"));
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(Map.of("QREXEC_SERVICE_FULL_NAME", "policy.List", "QREXEC_REMOTE_DOMAIN", "mgmt",
                "QREXEC_POLICY_DIR", policy.toString(), "QREXEC_POLICY_ADMIN_LOG", root.resolve("log").toString()));
        Process process = builder.start();
        assertEquals("30-user\n", new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, process.waitFor());
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void clear(Path policy) throws IOException {
        try (Stream<Path> files = Files.walk(policy)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
    }

    private static Map<String, String> snapshot(Path policy) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(policy)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(policy.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
