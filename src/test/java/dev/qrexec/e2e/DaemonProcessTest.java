package dev.qrexec.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.testdata.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a real process started through {@code bin/qrexec-policy-daemon},
 * with system information from the qubesd stand-in process: it answers on its
 * sockets (mode 0660), refuses a second instance, and on SIGTERM stops and
 * removes its sockets. Also {@code bin/qrexec-policy SOURCE TARGET SERVICE}.
 */
@Timeout(180)
class DaemonProcessTest {
    private static final Path ROOT = Vectors.directory().getParent().getParent();
    private static final String SYSTEM_INFO = """
            {"domains": {
              "dom0": {"type": "AdminVM", "tags": [], "icon": "adminvm-black", "guivm": null,
                       "uuid": "00000000-0000-0000-0000-000000000000", "power_state": "Running"},
              "work": {"type": "AppVM", "tags": [], "icon": "appvm-blue", "guivm": "dom0",
                       "uuid": "11111111-1111-1111-1111-111111111111", "power_state": "Running"},
              "personal": {"type": "AppVM", "tags": [], "icon": "appvm-yellow", "guivm": "dom0",
                       "uuid": "22222222-2222-2222-2222-222222222222", "power_state": "Running"}
            }}
            """;
    private static final String ALLOW = "user=DEFAULT\nresult=allow\ntarget=personal\n"
            + "target_uuid=uuid:22222222-2222-2222-2222-222222222222\nautostart=True\nrequested_target=personal";
    private static final String REQUEST = "source=work\nintended_target=personal\nservice_and_arg=test.Allow\n\n";

    @TempDir
    Path scratch;

    private Process start(Path stderr, String program, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin").resolve(program).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile()).start();
    }

    private static void awaitSocket(Path socket, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(socket + " never answered", e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static String ask(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                reply.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return reply.toString(StandardCharsets.US_ASCII);
        }
    }

    /** The log, without the warning that a machine without group qubes (a build machine, say) gives to root. */
    private static List<String> logLines(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> !line.equals("warning: there is no group qubes; the sockets keep root's group"))
                .toList();
    }

    @Test
    void servesStopsOnSigtermAndRefusesASecondInstance() throws Exception {
        Path root = scratch.toRealPath();
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/30-test.policy"), "test.Allow * work personal allow\n");
        Files.writeString(root.resolve("system-info.json"), SYSTEM_INFO);
        Path qubesdSocket = root.resolve("qubesd.sock");
        Process qubesd = start(root.resolve("qubesd.err"), "qrexec-policy", "qubesd-standin",
                "--socket", qubesdSocket.toString(), "--system-info", root.resolve("system-info.json").toString());
        String[] daemonArgs = {"--policy-path", root.resolve("etc").toString(),
            "--legacy-dir", root.resolve("legacy").toString(),
            "--socket-path", root.resolve("policy.sock").toString(),
            "--eval-socket-path", root.resolve("policy.EvalSimple").toString(),
            "--gui-socket-path", root.resolve("policy.EvalGUI").toString(),
            "--qubesd-socket", qubesdSocket.toString()};
        Process daemon = start(root.resolve("daemon.err"), "qrexec-policy-daemon", daemonArgs);
        try {
            awaitSocket(qubesdSocket, qubesd);
            awaitSocket(root.resolve("policy.EvalGUI"), daemon);
            assertEquals(ALLOW, ask(root.resolve("policy.sock"), REQUEST));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE),
                    Files.getPosixFilePermissions(root.resolve("policy.sock")));

            Process second = start(root.resolve("second.err"), "qrexec-policy-daemon", daemonArgs);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, second.exitValue());
            assertEquals(List.of("qrexec-policy-daemon: error: another process is already serving "
                    + root.resolve("policy.sock") + "; not starting a second daemon"),
                    logLines(root.resolve("second.err")));
            assertEquals(ALLOW, ask(root.resolve("policy.sock"), REQUEST), "the first daemon still serves");

            daemon.destroy();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
            assertEquals(143, daemon.exitValue());
            for (String socket : List.of("policy.sock", "policy.EvalSimple", "policy.EvalGUI")) {
                assertFalse(Files.exists(root.resolve(socket)), socket + " removed");
            }
            assertEquals(List.of("qrexec: test.Allow+: work -> personal: allowed to personal",
                    "qrexec: test.Allow+: work -> personal: allowed to personal"),
                    logLines(root.resolve("daemon.err")).stream().filter(line -> line.startsWith("qrexec:")).toList(),
                    "the evaluation log (the probes of the test and of the second daemon are logged too)");
        } finally {
            daemon.destroyForcibly();
            qubesd.destroy();
            qubesd.waitFor(60, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(qubesdSocket), "the stand-in removes its socket too");
    }

    @Test
    void qrexecPolicyWithThreeArgumentsRunsExec() throws Exception {
        Path root = scratch.toRealPath();
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/30-test.policy"), "test.Allow * work personal allow\n");
        Files.writeString(root.resolve("system-info.json"), SYSTEM_INFO);
        Process exec = new ProcessBuilder(ROOT.resolve("bin/qrexec-policy").toString(), "--path",
                root.resolve("etc").toString(), "--system-info", root.resolve("system-info.json").toString(),
                "work", "personal", "test.Allow").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(exec.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(exec.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, exec.exitValue());
        assertEquals(ALLOW + "\n", out);
    }
}
