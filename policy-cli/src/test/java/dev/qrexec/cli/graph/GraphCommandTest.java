package dev.qrexec.cli.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.cli.ProgramRun;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy-graph}'s options, error paths and exit codes, run in-process. */
class GraphCommandTest {
    private static final String SYSTEM_INFO = """
            {"domains": {
             "dom0": {"tags": [], "type": "AdminVM", "template_for_dispvms": false, "default_dispvm": "dvm",
                      "label": "black", "power_state": "Running", "uuid": "00000000-0000-0000-0000-000000000000"},
             "work": {"tags": ["t"], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": "dvm",
                      "label": "0xcc0000", "power_state": "Running", "uuid": "c9024a97-9b15-46cc-8341-38d75d5d421b"},
             "dvm": {"tags": [], "type": "AppVM", "template_for_dispvms": true, "default_dispvm": null,
                     "label": "red", "power_state": "Halted", "uuid": "b3eb69d0-f9d9-4c3c-ad5c-454500303ea4"}
            }}""";

    @TempDir
    Path dir;
    Path policy;
    Path systemInfo;

    @BeforeEach
    void setUp() throws Exception {
        policy = Files.createDirectories(dir.resolve("policy.d"));
        systemInfo = dir.resolve("si.json");
        Files.writeString(systemInfo, SYSTEM_INFO);
    }

    private void policy(String text) throws Exception {
        Files.writeString(policy.resolve("30-test.policy"), text);
    }

    private ProgramRun graph(Map<String, String> env, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--policy-dir", policy.toString(), "--legacy-dir", dir.resolve("legacy").toString()));
        if (!args.contains("--qubesd-socket")) {
            args.addAll(List.of("--system-info", systemInfo.toString()));
        }
        return ProgramRun.run("qrexec-policy-graph", "", env, args);
    }

    private ProgramRun graph(String... options) {
        return graph(Map.of(), options);
    }

    @Test
    void drawsAllowsInLabelColours() throws Exception {
        policy("test.Service * work dom0 allow\n");
        assertEquals(new ProgramRun(0, """
                digraph g {
                  "work" [color = "#cc0000", penwidth = 3];
                  "dom0" [color = "black", penwidth = 3];
                  "work" -> "dom0" [label="test.Service" color=red];
                }
                """, ""), graph());
    }

    @Test
    void alsoRunsAsASubcommandOfQrexecPolicy() throws Exception {
        policy("test.Service * work dom0 allow\n");
        assertEquals(graph(), ProgramRun.run("qrexec-policy", "graph", "--policy-dir", policy.toString(),
                "--system-info", systemInfo.toString()));
    }

    @Test
    void fullOutputLabelsTheRuleArgumentAndActionWithoutNotifyOrAutostart() throws Exception {
        policy("test.Service +arg work dom0 ask default_target=dom0 user=root notify=yes autostart=no\n");
        assertEquals("""
                digraph g {
                  "work" [color = "#cc0000", penwidth = 3];
                  "dom0" [color = "black", penwidth = 3];
                  "work" -> "dom0" [label="test.Service+arg ask default_target=dom0 user=root" color=orange];
                }
                """, graph("--full-output").out());
    }

    @Test
    void asksAreLeftOutUnlessIncluded() throws Exception {
        policy("test.Service * work dom0 ask\n");
        assertEquals("digraph g {\n}\n", graph().out());
        assertTrue(graph("--include-ask").out().contains("\"work\" -> \"dom0\" [label=\"test.Service\" color=orange];"));
    }

    @Test
    void redirectIsDrawnAsWrittenAndAnUnknownQubeUncoloured() throws Exception {
        policy("test.Service * work @default ask target=nosuchvm\n");
        assertEquals("""
                digraph g {
                  "work" [color = "#cc0000", penwidth = 3];
                  "nosuchvm" [style = dashed];
                  "work" -> "nosuchvm" [label="test.Service" color=orange];
                }
                """, graph("--include-ask").out());
    }

    @Test
    void wildcardServiceRulesDoNotCrashAServiceFilter() throws Exception {
        policy("* * work dom0 allow\nother.Service * dom0 work allow\n");
        assertEquals(new ProgramRun(0, """
                digraph g {
                  "work" [color = "#cc0000", penwidth = 3];
                  "dom0" [color = "black", penwidth = 3];
                  "work" -> "dom0" [label="test.Service" color=red];
                }
                """, ""), graph("--service", "test.Service"));
        assertTrue(graph().out().contains("\"work\" -> \"dom0\" [label=\"None\" color=red];"), "the reference's label");
    }

    @Test
    void serviceWithArgumentIncludesRulesForAnyArgument() throws Exception {
        policy("test.Service +a work dom0 allow\ntest.Service * work dvm allow\ntest.Service +b dom0 work allow\n");
        assertEquals("""
                digraph g {
                  "work" [color = "#cc0000", penwidth = 3];
                  "dom0" [color = "black", penwidth = 3];
                  "work" -> "dom0" [label="test.Service+a allow" color=red];
                  "dvm" [color = "red", penwidth = 3];
                  "work" -> "dvm" [label="test.Service allow" color=red];
                }
                """, graph("--service", "test.Service+a", "--full-output").out());
    }

    @Test
    void sourceAndTargetFilterKeepCommandLineOrder() throws Exception {
        policy("test.Service * @anyvm @anyvm allow\ntest.Service * dom0 @anyvm allow\n");
        assertEquals("""
                digraph g {
                  "work" [color = "#cc0000", penwidth = 3];
                  "dvm" [color = "red", penwidth = 3];
                  "work" -> "dvm" [label="test.Service" color=red];
                  "dom0" [color = "black", penwidth = 3];
                  "dom0" -> "dvm" [label="test.Service" color=red];
                }
                """, graph("--source", "work", "dom0", "--target", "dvm").out());
    }

    @Test
    void invalidSourceOrTargetIsAUsageError() throws Exception {
        policy("");
        ProgramRun source = graph("--source", "@default");
        assertEquals(2, source.status());
        assertEquals("--source @default is not a valid call source", source.err().lines().findFirst().orElseThrow());
        ProgramRun target = graph("--target", "@anyvm");
        assertEquals(2, target.status());
        assertEquals("--target @anyvm is not a valid actual call target",
                target.err().lines().findFirst().orElseThrow());
        assertEquals("", target.out());
    }

    @Test
    void policyThatDoesNotLoadIsAnErrorNamingFileLineAndColumn() throws Exception {
        policy("test.Service * work\n");
        assertEquals(new ProgramRun(1, "", "qrexec-policy-graph: error: the policy does not load: "
                + policy.resolve("30-test.policy") + ":1:1: error: wrong number of fields\n"), graph());
    }

    @Test
    void missingSystemInfoFileIsAnError() throws Exception {
        policy("");
        Files.delete(systemInfo);
        assertEquals(new ProgramRun(1, "", "qrexec-policy-graph: error: cannot read system information file: "
                + "[Errno 2] No such file or directory: '" + systemInfo + "'\n"), graph());
    }

    @Test
    void outputGoesToTheFile() throws Exception {
        policy("test.Service * work dom0 allow\n");
        Path file = dir.resolve("out.dot");
        assertEquals(new ProgramRun(0, "", ""), graph("--output", file.toString()));
        assertEquals(graph().out(), Files.readString(file));
    }

    @Test
    void renderingWithoutGraphvizSaysSo() throws Exception {
        policy("");
        assertEquals(new ProgramRun(1, "", "qrexec-policy-graph: error: --format svg needs Graphviz's dot program, "
                + "which is not installed (not found on PATH); install graphviz, or write DOT with --format dot\n"),
                graph(Map.of("PATH", dir.resolve("empty").toString()), "--format", "svg"));
    }

    @Test
    void rendersThroughDotOnThePath() throws Exception {
        policy("test.Service * work dom0 allow\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path dot = bin.resolve("dot");
        Files.writeString(dot, "#!/bin/sh\nprintf 'rendered %s\\n' \"$1\"\ncat\n");
        Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProgramRun run = graph(Map.of("PATH", dir.resolve("empty") + ":" + bin), "--format", "png");
        assertEquals(new ProgramRun(0, "rendered -Tpng\n" + graph().out(), ""), run);
    }

    @Test
    void failingDotIsReportedWithItsMessage() throws Exception {
        policy("");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path dot = bin.resolve("dot");
        Files.writeString(dot, "#!/bin/sh\ncat >/dev/null\necho 'Error: syntax error in line 1' >&2\nexit 3\n");
        Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(new ProgramRun(1, "", "qrexec-policy-graph: error: " + dot
                + " failed with exit status 3: Error: syntax error in line 1\n"),
                graph(Map.of("PATH", bin.toString()), "--format", "svg"));
    }

    @Test
    void unknownFormatIsAUsageError() throws Exception {
        policy("");
        ProgramRun run = graph("--format", "pdf");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("invalid format pdf (choose from dot, svg, png)"), run.err());
    }

    @Test
    void asksQubesdWhenNoFileIsGivenAndAddsUuidAliases() throws Exception {
        policy("test.Service * work @anyvm allow target=uuid:b3eb69d0-f9d9-4c3c-ad5c-454500303ea4\n");
        Path socket = dir.resolve("qubesd.sock");
        byte[] reply = ("0\0" + SYSTEM_INFO).getBytes(StandardCharsets.UTF_8);
        try (QubesdStandIn qubesd = new QubesdStandIn(socket, reply)) {
            ProgramRun run = graph("--qubesd-socket", socket.toString(), "--source", "work", "--target",
                    "uuid:b3eb69d0-f9d9-4c3c-ad5c-454500303ea4");
            assertEquals(new ProgramRun(0, """
                    digraph g {
                      "work" [color = "#cc0000", penwidth = 3];
                      "uuid:b3eb69d0-f9d9-4c3c-ad5c-454500303ea4" [color = "red", penwidth = 3];
                      "work" -> "uuid:b3eb69d0-f9d9-4c3c-ad5c-454500303ea4" [label="test.Service" color=red];
                    }
                    """, ""), run);
            assertEquals("internal.GetSystemInfo+ dom0 name dom0\0", qubesd.request());
        }
        assertEquals("digraph g {\n}\n", graph().out(), "a file is used as it is: uuid: names no qube");
    }

    @Test
    void qubesdExceptionIsAnError() throws Exception {
        policy("");
        Path socket = dir.resolve("qubesd.sock");
        byte[] reply = "2\0QubesException\0\0no such method\0".getBytes(StandardCharsets.UTF_8);
        try (QubesdStandIn qubesd = new QubesdStandIn(socket, reply)) {
            assertEquals(new ProgramRun(1, "", "qrexec-policy-graph: error: qubesd raised "
                    + "QubesException: no such method\n"), graph("--qubesd-socket", socket.toString()));
        }
    }

    @Test
    void unreachableQubesdIsAnError() throws Exception {
        policy("");
        ProgramRun run = graph("--qubesd-socket", dir.resolve("none.sock").toString());
        assertEquals(1, run.status());
        assertTrue(run.err().startsWith("qrexec-policy-graph: error: cannot talk to qubesd at "), run.err());
        assertTrue(run.err().endsWith(" (without qubesd, give the qubes with --system-info FILE: the JSON of "
                + "qubesd's internal.GetSystemInfo)\n"), run.err());
    }

    /** A qubesd that answers one connection with fixed bytes and records the request. */
    static final class QubesdStandIn implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread thread;
        private volatile String request = "";

        QubesdStandIn(Path socket, byte[] reply) throws Exception {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = Thread.ofVirtual().start(() -> {
                try (SocketChannel client = server.accept()) {
                    ByteArrayOutputStream in = new ByteArrayOutputStream();
                    ByteBuffer buffer = ByteBuffer.allocate(4096);
                    while (client.read(buffer) >= 0) {
                        in.write(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                    request = in.toString(StandardCharsets.US_ASCII);
                    client.write(ByteBuffer.wrap(reply));
                } catch (Exception e) {
                    request = "failed: " + e;
                }
            });
        }

        String request() throws InterruptedException {
            thread.join(60_000);
            return request;
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(60_000);
        }
    }
}
