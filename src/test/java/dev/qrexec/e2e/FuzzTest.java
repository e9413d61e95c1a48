package dev.qrexec.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.admin.AdminConfig;
import dev.qrexec.admin.AdminLog;
import dev.qrexec.admin.AdminRequest;
import dev.qrexec.admin.PolicyAdmin;
import dev.qrexec.admin.Reply;
import dev.qrexec.daemon.DaemonSettings;
import dev.qrexec.daemon.PolicyDaemon;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.PolicyTree;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.text.PolicyFileParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing with jqwik's generators, driven by a seeded loop: policy text through the
 * parser and the evaluator, system information JSON, the daemon's three sockets, and
 * the admin services. The invariants: no exception escapes; a policy that does not
 * load denies everything; the index agrees with the linear scan; the daemon answers
 * or closes every connection and keeps answering; the admin services change nothing
 * when they refuse. The ordinary build runs a short slice
 * ({@code qrexec.fuzz.inputs}, 2,000 inputs per target; socket and disk targets a tenth);
 * {@code mvn -Pfuzz -pl e2e -am verify -Dtest=FuzzTest} runs millions. Each target prints
 * its count, time and seed ({@code -Dqrexec.fuzz.seed=N} repeats a run).
 */
class FuzzTest {
    private static final int INPUTS = Integer.getInteger("qrexec.fuzz.inputs", 2000);
    private static final long SEED = Long.getLong("qrexec.fuzz.seed", System.nanoTime());
    private static final int GEN_SIZE = 1000;

    private static final List<String> QUBES = List.of("dom0", "work", "personal", "vault", "dvm", "disp12", "ghost",
            "", "@adminvm", "@default", "uuid:00000000-0000-0000-0000-000000000000", "wo\0rk", "a b", "-x",
            "uuid:11111111-1111-1111-1111-111111111111", "@dispvm:dvm", "@dispvm", "x".repeat(40));
    private static final List<String> TOKENS = List.of("*", "@anyvm", "@adminvm", "dom0", "work", "personal",
            "@tag:t", "@type:AppVM", "@type:DispVM", "@dispvm", "@dispvm:dvm", "@dispvm:@tag:t", "@default", "ghost",
            "uuid:11111111-1111-1111-1111-111111111111", "@tag:", "@bogus", "'quoted'");
    private static final List<String> SERVICES = List.of("*", "qubes.Filecopy", "test.S", "test.T", "a", "+x", "x+y");
    private static final List<String> ARGUMENTS = List.of("*", "+", "+a", "+b", "a", "+a b");
    private static final List<String> ACTIONS = List.of("allow", "deny", "ask", "allow target=work",
            "ask default_target=work", "ask target=personal default_target=personal", "allow notify=yes",
            "deny notify=no", "allow autostart=no", "allow user=root", "ask default_target=@dispvm",
            "allow target=@dispvm:dvm", "allow target=", "allow notify=maybe", "allow x=y", "allow target=a target=b");
    private static final List<String> DIRECTIVES = List.of("!include include/x", "!include-dir include",
            "!include-service test.S * include/x", "!compat-4.0", "!bogus", "!include", "# comment", "");
    private static final String SYSTEM_INFO = """
            {"domains": {
              "dom0": {"type": "AdminVM", "tags": [], "icon": "i", "guivm": null, "template_for_dispvms": false,
                       "uuid": "00000000-0000-0000-0000-000000000000", "power_state": "Running", "default_dispvm": "dvm"},
              "work": {"type": "AppVM", "tags": ["t"], "icon": "i", "guivm": "dom0", "template_for_dispvms": false,
                       "uuid": "11111111-1111-1111-1111-111111111111", "power_state": "Running", "default_dispvm": "dvm"},
              "personal": {"type": "AppVM", "tags": [], "icon": "i", "guivm": "dom0", "template_for_dispvms": false,
                       "uuid": "22222222-2222-2222-2222-222222222222", "power_state": "Halted", "default_dispvm": null},
              "dvm": {"type": "AppVM", "tags": ["t"], "icon": "i", "guivm": "dom0", "template_for_dispvms": true,
                       "uuid": "33333333-3333-3333-3333-333333333333", "power_state": "Halted", "default_dispvm": "dvm"},
              "disp12": {"type": "DispVM", "tags": [], "icon": "i", "guivm": "dom0", "template_for_dispvms": false,
                       "uuid": "44444444-4444-4444-4444-444444444444", "power_state": "Running", "default_dispvm": "dvm",
                       "template": "dvm"}
            }}""";

    @TempDir
    Path scratch;

    private final Random random = new Random(SEED);

    /** jqwik's generators work inside a session of their own here, outside a property. */
    @BeforeEach
    void session() {
        JqwikSession.start();
    }

    @AfterEach
    void endSession() {
        JqwikSession.finish();
    }

    private static Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars(" \t\r\0\n#!+*@:=,'\"\\").ofMaxLength(12),
                Arbitraries.strings().ascii().ofMaxLength(80));
    }

    private static Arbitrary<String> ruleLine() {
        return Combinators.combine(Arbitraries.of(SERVICES), Arbitraries.of(ARGUMENTS), Arbitraries.of(TOKENS),
                Arbitraries.of(TOKENS), Arbitraries.of(ACTIONS), Arbitraries.of(" ", "  ", "\t", " \t "))
                .as((service, argument, source, target, action, space) ->
                        String.join(space, service, argument, source, target, action));
    }

    private static Arbitrary<String> policyText() {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, ruleLine()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(DIRECTIVES)),
                net.jqwik.api.Tuple.of(1, junk()));
        return line.list().ofMaxSize(12).map(lines -> String.join("\n", lines) + "\n");
    }

    private <T> T next(RandomGenerator<T> generator) {
        return generator.next(random).value();
    }

    private static void report(String target, int inputs, long start) {
        System.out.printf("fuzz %s: %,d inputs in %.1f s (seed %d)%n", target, inputs,
                (System.nanoTime() - start) / 1e9, SEED);
    }

    /** Policy text through both parsers, then every request denied (broken) or decided alike by index and scan. */
    @Test
    void policyTextThroughParserAndEvaluator() throws Exception {
        RandomGenerator<String> texts = policyText().generator(GEN_SIZE);
        SystemInfo info = SystemInfo.parse(SYSTEM_INFO);
        long start = System.nanoTime();
        for (int i = 0; i < INPUTS; i++) {
            String text = next(texts);
            PolicyFileParser.parse("/fuzz/legacy", text, Syntax.LEGACY);
            PolicyFile file = PolicyFileParser.parse("/fuzz/30-fuzz.policy", text, Syntax.CURRENT);
            List<Rule> rules = file.lines().stream().filter(Rule.class::isInstance).map(Rule.class::cast).toList();
            List<Diagnostic> diagnostics = file.lines().stream().filter(InvalidLine.class::isInstance)
                    .map(line -> ((InvalidLine) line).diagnostic()).toList();
            LoadResult result = new LoadResult(new PolicyTree(List.of(file), rules), diagnostics);
            Evaluator indexed = new Evaluator(CompiledPolicy.compile(result));
            Evaluator linear = new Evaluator(CompiledPolicy.linear(rules));
            for (int r = 0; r < 4; r++) {
                Request request = Request.of(QUBES.get(random.nextInt(QUBES.size())),
                        QUBES.get(random.nextInt(QUBES.size())),
                        SERVICES.get(1 + random.nextInt(SERVICES.size() - 1))
                                + ARGUMENTS.get(random.nextInt(ARGUMENTS.size())).replace("*", ""));
                Decision decision = indexed.evaluate(request, info).decision();
                if (!result.ok()) {
                    assertInstanceOf(Decision.Denied.class, decision, () -> "a broken policy allowed: " + text);
                } else {
                    assertEquals(linear.evaluate(request, info).decision(), decision, () -> text + "\n" + request);
                }
            }
        }
        report("policy text", INPUTS, start);
    }

    /** System information: a valid document cut, flipped and spliced; only SystemInfoException may come out. */
    @Test
    void systemInformation() throws Exception {
        byte[] valid = SYSTEM_INFO.getBytes(StandardCharsets.UTF_8);
        RandomGenerator<String> splices = Arbitraries.oneOf(junk(), Arbitraries.of("null", "[]", "{}", "1e999", "-0",
                "\"\\u0000\"", "{\"a\":", "true", "\"\\ud800\"", "[[[[[[[[[[", "\"x\":{}")).generator(GEN_SIZE);
        Evaluator policy = new Evaluator(CompiledPolicy.compile(
                PolicyFileParser.parse("/fuzz/p", "test.S * @anyvm @anyvm ask default_target=work\n"
                        + "* * @anyvm @dispvm allow\n", Syntax.CURRENT).lines().stream()
                        .filter(Rule.class::isInstance).map(Rule.class::cast).toList()));
        long start = System.nanoTime();
        for (int i = 0; i < INPUTS; i++) {
            byte[] json = mutate(valid, next(splices));
            try {
                SystemInfo info = SystemInfo.parse(json);
                policy.evaluate(Request.of("work", "@dispvm", "test.S"), info);
                policy.evaluate(Request.of("work", "personal", "test.S"), info);
            } catch (SystemInfoException expected) {
                // refused: a deny
            }
        }
        report("system information", INPUTS, start);
    }

    private byte[] mutate(byte[] valid, String splice) {
        byte[] out = valid.clone();
        switch (random.nextInt(4)) {
            case 0 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
            case 1 -> {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
            }
            default -> {
                int at = random.nextInt(out.length);
                int end = Math.min(out.length, at + random.nextInt(20));
                byte[] insert = splice.getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                joined.write(out, 0, at);
                joined.writeBytes(insert);
                joined.write(out, end, out.length - end);
                out = joined.toByteArray();
            }
        }
        return out;
    }

    /**
     * The daemon's three sockets get framed, half-framed and random requests: every
     * connection is answered or closed, the log never shows an internal error, and a
     * well-formed request between the fuzz inputs still gets its exact answer.
     */
    @Test
    void daemonSockets() throws Exception {
        Path root = scratch.toRealPath();
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/30-test.policy"), "test.S * work personal allow\n* * @anyvm @anyvm deny\n");
        Files.writeString(root.resolve("system-info.json"), SYSTEM_INFO);
        List<String> log = new CopyOnWriteArrayList<>();
        DaemonSettings settings = new DaemonSettings(
                new LoadOptions(List.of(root.resolve("etc")), root.resolve("legacy"), false,
                        dev.qrexec.parser.load.FileView.real()),
                root.resolve("policy.sock"), root.resolve("policy.EvalSimple"), root.resolve("policy.EvalGUI"),
                Optional.of(root.resolve("system-info.json")), root.resolve("qubesd.sock"),
                new DaemonSettings.AgentSettings(root, root.resolve("no-qrexec-client"), Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        RandomGenerator<String> values = Arbitraries.oneOf(Arbitraries.of(QUBES), junk(),
                Arbitraries.of("test.S", "test.S+", "test.S+a", "+", "", "yes", "no", "True")).generator(GEN_SIZE);
        RandomGenerator<String> keys = Arbitraries.oneOf(Arbitraries.of("source", "intended_target", "service_and_arg",
                "requested_source", "just_evaluate", "assume_yes_for_ask", "domain_id", "process_ident"),
                junk()).generator(GEN_SIZE);
        String control = "source=work\nintended_target=personal\nservice_and_arg=test.S\n\n";
        int inputs = Math.max(100, INPUTS / 10);
        long start = System.nanoTime();
        try (PolicyDaemon daemon = PolicyDaemon.start(settings, log::add)) {
            for (int i = 0; i < inputs; i++) {
                Path socket = List.of(settings.policySocket(), settings.evalSocket(), settings.guiSocket())
                        .get(random.nextInt(3));
                byte[] request;
                if (random.nextInt(4) == 0) {
                    request = next(values).repeat(1 + random.nextInt(3)).getBytes(StandardCharsets.UTF_8);
                } else if (socket.equals(settings.policySocket())) {
                    StringBuilder text = new StringBuilder();
                    for (int k = random.nextInt(7); k > 0; k--) {
                        text.append(next(keys)).append(random.nextInt(8) == 0 ? "" : "=").append(next(values))
                                .append(random.nextInt(10) == 0 ? "\r\n" : "\n");
                    }
                    request = text.append(random.nextBoolean() ? "\n" : "").toString().getBytes(StandardCharsets.UTF_8);
                } else {
                    String descriptor = "policy.EvalSimple+" + next(values) + " " + next(values);
                    request = (descriptor + "\0" + next(values) + (random.nextBoolean() ? "\0" : "") + next(values))
                            .getBytes(StandardCharsets.UTF_8);
                }
                exchange(socket, request);
                if (i % 50 == 0) {
                    assertEquals("user=DEFAULT\nresult=allow\ntarget=personal\n"
                            + "target_uuid=uuid:22222222-2222-2222-2222-222222222222\nautostart=True\n"
                            + "requested_target=personal",
                            new String(exchange(settings.policySocket(), control.getBytes(StandardCharsets.UTF_8)),
                                    StandardCharsets.UTF_8), "the daemon still answers");
                }
            }
        }
        report("daemon sockets", inputs, start);
        assertEquals(List.of(), log.stream().filter(line -> line.contains("Exception") || line.contains("internal error"))
                .toList());
    }

    /** One connection: the request, then end of input; whatever comes back until the daemon closes. */
    private static byte[] exchange(Path socket, byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request);
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.shutdownOutput();
            } catch (IOException closedEarly) {
                // the daemon refused the request before reading all of it
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            try {
                while (channel.read(in) >= 0) {
                    reply.write(in.array(), 0, in.position());
                    in.clear();
                }
            } catch (IOException reset) {
                // closed without a reply
            }
            return reply.toByteArray();
        }
    }

    /** Random calls of the admin services: never an internal error, and a refusal leaves every file as it was. */
    @Test
    void adminServices() throws Exception {
        Path root = scratch.toRealPath();
        Path main = Files.createDirectories(root.resolve("policy.d"));
        Files.createDirectories(main.resolve("include"));
        Files.writeString(main.resolve("30-user.policy"), "test.S * work personal allow\n!include include/inc\n");
        Files.writeString(main.resolve("include/inc"), "test.T * @anyvm @anyvm deny\n");
        PolicyAdmin admin = new PolicyAdmin(new AdminConfig(main, Optional.empty(), root.resolve("legacy"),
                root.resolve("admin.log")), new AdminLog(root.resolve("admin.log"), Clock.systemUTC()));
        RandomGenerator<String> services = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, Arbitraries.of("policy.List", "policy.Get", "policy.Replace", "policy.Remove",
                        "policy.include.List", "policy.include.Get", "policy.include.Replace", "policy.include.Remove",
                        "policy.GetFiles", "policy.RegisterArgument", "policy.Bogus")),
                net.jqwik.api.Tuple.of(1, junk())).generator(GEN_SIZE);
        RandomGenerator<String> names = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, Arbitraries.of("30-user", "inc", "40-new", "Inc_1", "", "..", "../x",
                        "30-user.policy", "a".repeat(248), "a".repeat(249), "I".repeat(255), "I".repeat(256), "-x",
                        "include/inc", "x\0y", "test.S+a")),
                net.jqwik.api.Tuple.of(1, junk())).generator(GEN_SIZE);
        RandomGenerator<String> texts = policyText().generator(GEN_SIZE);
        RandomGenerator<String> tokens = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, Arbitraries.of("any", "any", "new", "sha256:00", "ANY", "any\r")),
                net.jqwik.api.Tuple.of(1, junk())).generator(GEN_SIZE);
        int inputs = Math.max(100, INPUTS / 10);
        long start = System.nanoTime();
        int refused = 0;
        for (int i = 0; i < inputs; i++) {
            String name = next(names);
            String service = next(services) + (random.nextInt(6) == 0 ? "" : "+" + name);
            String text = random.nextInt(4) == 0 ? "" : random.nextBoolean() ? "test.S * work vault allow\n" : next(texts);
            byte[] payload = (next(tokens) + (random.nextInt(8) == 0 ? "" : "\n") + text).getBytes(StandardCharsets.UTF_8);
            Map<String, String> before = snapshot(main);
            Reply reply = admin.handle(AdminRequest.of(service, payload, "fuzz-qube"));
            assertTrue(reply.exitCode() == 0 || reply.exitCode() == 1,
                    () -> "exit " + reply.exitCode() + " for " + service + ": " + new String(reply.stderr()));
            if (reply.exitCode() != 0) {
                refused++;
                assertEquals(before, snapshot(main), () -> "a refused " + service + " changed the directory");
            }
        }
        report("admin services (" + refused + " refused)", inputs, start);
    }

    private static Map<String, String> snapshot(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path entry : entries.toList()) {
                files.put(directory.relativize(entry).toString(),
                        Files.isRegularFile(entry) ? Files.readString(entry, StandardCharsets.ISO_8859_1) : "<dir>");
            }
        }
        return files;
    }
}
