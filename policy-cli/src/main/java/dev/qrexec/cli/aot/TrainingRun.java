package dev.qrexec.cli.aot;

import dev.qrexec.cli.Io;
import dev.qrexec.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the JVM's ahead-of-time cache (JEP 483, 514, 515): it runs every
 * program of the application in one process, on a small policy tree of its own in a
 * temporary directory, as a person would: lint, check, eval, explain, graph, exec, the
 * admin services and their client, and the daemon's start up to its first answers on
 * temporary sockets. The build runs it under {@code -XX:AOTCacheOutput} (and
 * {@code install.sh} does for an installed copy), so that the classes these programs
 * load, linked and with their profiles, are in the cache the launcher passes to every
 * later run.
 *
 * <p>{@code TrainingRun KIND}: {@code server} runs the daemon; the other kinds run
 * one-shot commands, with the client JVM settings: {@code lint} (the linter, check,
 * {@code --version} and {@code --help}), {@code eval} (eval, explain, exec, graph, and
 * what else reads the system information or writes JSON),
 * {@code admin} (the {@code policy.*} services and their client), and {@code client}
 * all of them, for the programs no smaller cache covers. A cache serves the settings it
 * was made with, and at start-up the JVM maps every class of its cache, so each program
 * gets the smallest cache that holds what it runs. Every program's exit
 * status is checked, so a training run that stopped exercising a program fails the
 * build rather than leaving it out of the cache.
 */
public final class TrainingRun {
    private static final Duration DAEMON_START = Duration.ofSeconds(60);
    /** The kinds of training run, as the launcher names its caches. */
    private static final List<String> KINDS = List.of("lint", "eval", "admin", "client", "server");

    private final Path root;
    private final Path policy;
    private final Path include;
    private final Path legacy;
    private final Path compat;
    private final Path systemInfo;
    private final List<String> failures = new ArrayList<>();
    private int runs;

    private TrainingRun(Path root) {
        this.root = root;
        this.policy = root.resolve("policy.d");
        this.include = policy.resolve("include");
        this.legacy = root.resolve("legacy");
        this.compat = root.resolve("compat.d");
        this.systemInfo = root.resolve("system-info.json");
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !KINDS.contains(args[0])) {
            System.err.println("usage: TrainingRun " + String.join("|", KINDS));
            System.exit(2);
        }
        Path root = Files.createTempDirectory("qrexec-policy-training");
        int status;
        try {
            TrainingRun training = new TrainingRun(root);
            training.writeTree();
            if (args[0].equals("server")) {
                training.server();
            }
            // the one-shot programs three times each, so that their profiles are those of code run more than once
            for (int round = 0; round < 3 && !args[0].equals("server"); round++) {
                if (args[0].equals("lint") || args[0].equals("client")) {
                    training.lint();
                }
                if (args[0].equals("eval") || args[0].equals("client")) {
                    training.eval();
                }
                if (args[0].equals("admin") || args[0].equals("client")) {
                    training.admin();
                }
            }
            status = training.report(args[0]);
        } finally {
            delete(root);
        }
        // The daemon's threads are stopped by its shutdown hook.
        System.exit(status);
    }

    private int report(String kind) {
        if (failures.isEmpty()) {
            System.out.println("training run (" + kind + "): " + runs + " program runs");
            return 0;
        }
        failures.forEach(System.err::println);
        return 1;
    }

    /** The linter and check, and the version and help of the application, each as its launcher runs it. */
    private void lint() throws IOException {
        String dir = policy.toString();
        String info = systemInfo.toString();
        expect(0, "qrexec-policy", "--version");
        expect(0, "qrexec-policy", "--help");
        expect(0, "qubes-policy-lint", "--version");
        expect(0, "qubes-policy-lint", "--help");
        expect(0, "qubes-policy-lint", policy.resolve("30-user.policy").toString(),
                policy.resolve("90-default.policy").toString());
        expect(0, "qubes-policy-lint", "-s", policy.resolve("90-default.policy").toString());
        expect(0, "qubes-policy-lint", "-i", include.resolve("admin-ro").toString());
        expect(1, "qubes-policy-lint", root.resolve("broken/30-bad.policy").toString());
        expect(Map.of(), Files.readString(policy.resolve("30-user.policy")), 0, "qubes-policy-lint", "-");
        expect(0, "qrexec-policy", "lint", "--tree", dir);
        expect(0, "qrexec-policy", "check", "--policy-dir", dir);
        expect(0, "qrexec-policy", "check", "--policy-dir", compat.toString(), "--policy-dir", dir,
                "--legacy-dir", legacy.toString());
        expect(1, "qrexec-policy", "check", "--policy-dir", root.resolve("broken").toString());
    }

    /**
     * Evaluation, and what reads the system information or writes JSON: eval, explain,
     * exec, graph, the linter with the system information, check's JSON.
     */
    private void eval() {
        String dir = policy.toString();
        String info = systemInfo.toString();
        expect(0, "qrexec-policy", "lint", "--tree", "--system-info", info, dir);
        expect(0, "qrexec-policy", "check", "--json", "--policy-dir", dir);
        expect(0, "qrexec-policy", "eval", "--policy-dir", dir, "--legacy-dir", legacy.toString(),
                "--system-info", info, "work", "personal", "qubes.Filecopy");
        expect(1, "qrexec-policy", "eval", "--policy-dir", dir, "--system-info", info,
                "personal", "vault", "qubes.Filecopy");
        expect(0, "qrexec-policy", "eval", "--policy-dir", dir, "--system-info", info, "--assume-yes-for-ask",
                "work", "@dispvm", "qubes.OpenURL+https");
        expect(0, "qrexec-policy", "eval", "--policy-dir", dir, "--system-info", info,
                "--requests", root.resolve("requests.jsonl").toString());
        expect(0, "qrexec-policy", "explain", "--policy-dir", dir, "--system-info", info,
                "work", "vault", "qubes.Gpg");
        expect(0, "qrexec-policy", "explain", "--json", "--policy-dir", dir, "--system-info", info,
                "personal", "@default", "qubes.GetDate");
        expect(0, "qrexec-policy-exec", "--just-evaluate", "--path", dir, "--legacy-dir", legacy.toString(),
                "--system-info", info, "work", "personal", "qubes.Filecopy");
        expect(1, "qrexec-policy-exec", "--just-evaluate", "--path", dir, "--system-info", info,
                "work", "vault", "qubes.Filecopy");
        expect(0, "qrexec-policy", "--path", dir, "--system-info", info, "--just-evaluate",
                "work", "personal", "qubes.Filecopy");
        expect(0, "qrexec-policy-graph", "--policy-dir", dir, "--system-info", info, "--include-ask",
                "--full-output");
        expect(0, "qrexec-policy-graph", "--policy-dir", dir, "--system-info", info,
                "--service", "qubes.Filecopy", "--skip-labels");
    }

    /** The {@code policy.*} services as qrexec starts them, and their dom0 client. */
    private void admin() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("QREXEC_POLICY_DIR", policy.toString());
        env.put("QREXEC_POLICY_RUNTIME_DIR", "");
        env.put("QREXEC_POLICY_LEGACY_DIR", legacy.toString());
        env.put("QREXEC_REMOTE_DOMAIN", "mgmt");
        service(env, "policy.List", "", 0);
        service(env, "policy.include.List", "", 0);
        service(env, "policy.Get+30-user", "", 0);
        service(env, "policy.include.Get+admin-ro", "", 0);
        service(env, "policy.GetFiles+qubes.Filecopy", "", 0);
        service(env, "policy.Replace+40-training", "new\nqubes.Gpg * work vault allow\n", 0);
        service(env, "policy.Replace+40-training", "any\nqubes.Gpg * work vault ask default_target=vault\n", 0);
        service(env, "policy.Replace+40-broken", "new\nqubes.Gpg * work\n", 1);
        service(env, "policy.Remove+40-training", "any", 0);
        service(env, "policy.Get+nonexistent", "", 1);
        Map<String, String> client = new HashMap<>(env);
        client.remove("QREXEC_REMOTE_DOMAIN");
        expect(client, "", 0, "qubes-policy", "--transport", "local", "-l");
        expect(client, "", 0, "qubes-policy", "--transport", "local", "-g", "30-user");
    }

    private void service(Map<String, String> env, String call, String stdin, int status) {
        Map<String, String> serviceEnv = new HashMap<>(env);
        serviceEnv.put("QREXEC_SERVICE_FULL_NAME", call);
        expect(serviceEnv, stdin, status, "qubes-policy-admin");
    }

    /** The daemon: started on temporary sockets, asked on each of them, left to its shutdown hook. */
    private void server() throws Exception {
        Path sockets = Files.createDirectories(root.resolve("sockets"));
        Path policySocket = sockets.resolve("policy.sock");
        Path evalSocket = sockets.resolve("policy.EvalSimple");
        Path guiSocket = sockets.resolve("policy.EvalGUI");
        Io io = quietIo(Map.of(), "");
        Thread daemon = Thread.ofPlatform().daemon().name("training-daemon").start(() -> Main.run(io,
                "qrexec-policy-daemon", "--policy-path", policy.toString(), "--legacy-dir", legacy.toString(),
                "--system-info", systemInfo.toString(), "--socket-path", policySocket.toString(),
                "--eval-socket-path", evalSocket.toString(), "--gui-socket-path", guiSocket.toString()));
        long deadline = System.nanoTime() + DAEMON_START.toNanos();
        while (!(Files.exists(policySocket) && Files.exists(evalSocket) && Files.exists(guiSocket))) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                failures.add("training run: the daemon did not start");
                return;
            }
            Thread.sleep(5);
        }
        for (int round = 0; round < 20; round++) {
            ask(policySocket, "source=work\nintended_target=personal\nservice_and_arg=qubes.Filecopy+\n\n",
                    "result=allow");
            ask(policySocket, "source=personal\nintended_target=vault\nservice_and_arg=qubes.Filecopy+\n\n",
                    "result=deny");
            ask(policySocket, "source=work\nintended_target=@default\nservice_and_arg=qubes.GetDate+\n\n",
                    "result=allow");
            ask(evalSocket, "policy.EvalSimple+qubes.Filecopy mgmt keyword adminvm\0work\0personal",
                    "result=allow");
        }
    }

    /** Sends {@code request} on {@code socket}; the reply must contain {@code expected}. */
    private void ask(Path socket, String request, String expected) throws IOException {
        runs++;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                reply.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            String text = reply.toString(StandardCharsets.UTF_8);
            if (!text.contains(expected)) {
                failures.add("training run: " + socket.getFileName() + " answered " + text.strip()
                        + " to " + request.replace('\0', ' ').strip());
            }
        }
    }

    private void expect(int status, String program, String... args) {
        expect(Map.of(), "", status, program, args);
    }

    private void expect(Map<String, String> env, String stdin, int status, String program, String... args) {
        runs++;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        int actual = Main.run(io, program, args);
        io.out().flush();
        if (actual != status) {
            failures.add("training run: " + program + " " + String.join(" ", args) + " exited " + actual
                    + " instead of " + status + ": " + out.toString(StandardCharsets.UTF_8).strip() + " "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private static Io quietIo(Map<String, String> env, String stdin) {
        PrintStream nowhere = new PrintStream(ByteArrayOutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), nowhere, nowhere, env);
    }

    /** A small tree with what a dom0 tree holds: every action and parameter, includes, a legacy file. */
    private void writeTree() throws IOException {
        Files.createDirectories(include);
        Files.createDirectories(legacy);
        Files.createDirectories(compat);
        Files.createDirectories(root.resolve("broken"));
        write(policy.resolve("30-user.policy"), """
                # The owner's rules.
                qubes.Filecopy     *    work        personal    allow
                qubes.Filecopy     *    @anyvm      vault       deny
                qubes.Filecopy     *    @anyvm      @anyvm      ask
                qubes.OpenURL      *    work        @dispvm     allow
                qubes.OpenURL      *    @anyvm      @anyvm      ask default_target=@dispvm
                qubes.Gpg          *    @tag:work   vault       ask default_target=vault notify=yes
                qubes.Gpg          *    @anyvm      @anyvm      deny notify=no
                qubes.GetDate      *    @anyvm      @default    allow target=sys-net
                qubes.StartApp     +firefox  @type:AppVM  @dispvm:default-dvm  allow user=user autostart=no
                qubes.USB          +sys-usb  @anyvm  uuid:1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f  deny
                !include include/extra
                !include-service policy.List * include/admin-ro
                !include-service policy.Get * include/admin-ro
                """);
        write(compat.resolve("35-compat.policy"), "!compat-4.0\n");
        write(policy.resolve("80-admin.policy"), """
                admin.vm.List  *  mgmt  @adminvm  allow target=dom0
                admin.vm.property.Get  +netvm  @tag:managed  @tag:managed  allow
                """);
        write(policy.resolve("90-default.policy"), """
                qubes.VMShell      *    @anyvm      @dispvm     allow
                qubes.OpenInVM     *    @anyvm      @dispvm     allow
                qubes.OpenInVM     *    @anyvm      @anyvm      ask
                qubes.UpdatesProxy *    @type:TemplateVM  @default  allow target=sys-net
                *                  *    @anyvm      @anyvm      deny
                *                  *    @anyvm      @adminvm    deny
                """);
        write(include.resolve("extra"), """
                qubes.ClipboardPaste  *  @anyvm  @anyvm  ask
                !include-dir include/more
                """);
        Files.createDirectories(include.resolve("more"));
        write(include.resolve("more/ssh"), "qubes.SshAgent  *  work  vault  ask default_target=vault\n");
        write(include.resolve("admin-ro"), "mgmt  @adminvm  allow target=dom0\n");
        write(legacy.resolve("qubes.Legacy"), "work personal allow\n$anyvm $anyvm deny\n");
        write(root.resolve("broken/30-bad.policy"), """
                qubes.Filecopy  *  work  personal
                qubes.Filecopy  *  work  personal  allow target=
                !include include/missing
                """);
        write(root.resolve("requests.jsonl"), """
                {"source": "work", "target": "personal", "service_and_arg": "qubes.Filecopy"}
                {"source": "personal", "target": "vault", "service_and_arg": "qubes.Filecopy"}
                {"source": "work", "target": "@dispvm", "service_and_arg": "qubes.OpenURL+https"}
                {"source": "work", "target": "vault", "service_and_arg": "qubes.Gpg"}
                {"source": "sys-usb", "target": "dom0", "service_and_arg": "qubes.InputMouse"}
                """);
        StringBuilder json = new StringBuilder("{\"domains\": {");
        String[][] qubes = {
            {"dom0", "AdminVM", "null", "Running", "false"},
            {"default-dvm", "AppVM", "\"dom0\"", "Halted", "true"},
            {"debian-12", "TemplateVM", "\"dom0\"", "Halted", "false"},
            {"mgmt", "AppVM", "\"dom0\"", "Running", "false"},
            {"personal", "AppVM", "\"dom0\"", "Running", "false"},
            {"sys-net", "AppVM", "\"dom0\"", "Running", "false"},
            {"sys-usb", "AppVM", "\"dom0\"", "Running", "false"},
            {"vault", "AppVM", "\"dom0\"", "Halted", "false"},
            {"work", "AppVM", "\"dom0\"", "Running", "false"},
        };
        for (int i = 0; i < qubes.length; i++) {
            String[] qube = qubes[i];
            json.append(i == 0 ? "\n" : ",\n").append(String.format("""
                     "%s": {"internal": null, "tags": [%s], "type": "%s", "template_for_dispvms": %s, \
                    "default_dispvm": "default-dvm", "icon": "appvm-black", "label": "0x000000", "guivm": %s, \
                    "relayvm": null, "transport_rpc": null, "power_state": "%s", \
                    "uuid": "00000000-0000-4000-8000-%012d"}""", qube[0],
                    qube[0].equals("work") ? "\"work\", \"managed\"" : "", qube[1], qube[4], qube[2], qube[3], i));
        }
        Files.writeString(systemInfo, json.append("\n}}\n").toString());
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
