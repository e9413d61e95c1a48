package dev.qrexec.bench.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Start-up benchmark: runs each program the way Qubes runs it, as a fresh process
 * through the launchers in {@code bin/}, many times, and prints the medians of wall
 * time and processor time (user plus system, of the process and its threads) as a
 * Markdown table. With {@code --reference DIR} (a checkout of QubesOS
 * qubes-core-qrexec, run with {@code python3}), each run of a program alternates with
 * a run of the reference doing the same work (its own tool where that runs without
 * qubesd and root, else its library through {@link ReferenceScripts}), checked once to
 * give our output, and the table gets the reference's medians and the ratios.
 *
 * <pre>
 * java -cp policy-bench/target/benchmarks.jar dev.qrexec.bench.startup.StartupBenchmark \
 *     [--repo DIR] [--runs N] [--reference DIR] [--tree GENERATED_TREE]
 * </pre>
 *
 * {@code --tree} (a tree written by {@code PolicyGenerator}) adds cold loads of that
 * tree and of the stock-sized one, with and without the loader's parallel prefetch
 * (without: the JVM is told it has one processor).
 */
public final class StartupBenchmark {
    private static final Duration DAEMON_TIMEOUT = Duration.ofSeconds(60);

    private final Path repo;
    private final int runs;
    private final Path reference;
    private final String python;
    private final Path work;
    private final Path stock;
    private final Path systemInfo;
    private final Path admin;
    private final Path empty;

    private StartupBenchmark(Path repo, int runs, Path reference, Path work) throws IOException {
        this.repo = repo;
        this.runs = runs;
        this.reference = reference;
        this.python = reference == null ? null : pythonExecutable();
        this.work = work;
        this.stock = Files.createDirectories(work.resolve("policy.d"));
        this.admin = Files.createDirectories(work.resolve("admin.d"));
        this.systemInfo = repo.resolve("testdata/demo/system-info.json");
        this.empty = Files.writeString(work.resolve("empty"), "");
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(".");
        int runs = 20;
        Path reference = null;
        Path tree = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--reference" -> reference = Path.of(args[++i]).toAbsolutePath();
                case "--tree" -> tree = Path.of(args[++i]).toAbsolutePath();
                default -> {
                    System.err.println("usage: StartupBenchmark [--repo DIR] [--runs N] [--reference DIR] "
                            + "[--tree GENERATED_TREE]");
                    System.exit(2);
                }
            }
        }
        repo = repo.toAbsolutePath().normalize();
        if (!Files.isExecutable(repo.resolve("bin/qrexec-policy"))
                || !Files.isRegularFile(repo.resolve("policy-cli/target/qrexec-policy.jar"))) {
            System.err.println("StartupBenchmark: " + repo + " is not a built checkout (run from the repository "
                    + "after mvn -B -q package -DskipTests, or give --repo)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("qrexec-startup");
        try {
            StartupBenchmark benchmark = new StartupBenchmark(repo, runs, reference, work);
            benchmark.run(tree);
        } finally {
            delete(work);
        }
    }

    private void run(Path tree) throws Exception {
        int rules = StockTree.write(stock);
        StockTree.write(admin);
        Path lintFile = stock.resolve("90-default.policy");
        String dir = stock.toString();
        String info = systemInfo.toString();
        Map<String, String> adminEnv = Map.of("QREXEC_POLICY_DIR", admin.toString(), "QREXEC_POLICY_RUNTIME_DIR", "",
                "QREXEC_REMOTE_DOMAIN", "mgmt");
        Path replacement = Files.writeString(work.resolve("replace"),
                "any\nqubes.Gpg * work vault allow\nqubes.Gpg * @anyvm @anyvm deny\n");
        Path adminLog = work.resolve("reference-policy-admin.log");
        String[] request = {"work", "personal", "qubes.Filecopy"};
        List<Case> cases = List.of(
                new Case("`qubes-policy-lint FILE`",
                        ours("qubes-policy-lint", lintFile.toString()),
                        python("-m", "qrexec.tools.qubes_policy_lint", lintFile.toString())),
                new Case("`check` of a stock-sized tree",
                        ours("qrexec-policy", "check", "--policy-dir", dir),
                        python("-c", ReferenceScripts.CHECK, dir)),
                new Case("`eval` of one request",
                        ours("qrexec-policy", "eval", "--policy-dir", dir, "--system-info", info, request[0],
                                request[1], request[2]),
                        python("-c", ReferenceScripts.EVAL, dir, info, request[0], request[1], request[2])),
                adminCase("policy.List", adminEnv, adminLog, null),
                adminCase("policy.Get+30-user", adminEnv, adminLog, null),
                adminCase("policy.Replace+40-bench", adminEnv, adminLog, replacement),
                new Case("`qrexec-policy-exec --just-evaluate`",
                        ours("qrexec-policy-exec", "--just-evaluate", "--path", dir, "--system-info", info,
                                request[0], request[1], request[2]),
                        python("-c", ReferenceScripts.JUST_EVALUATE, "--just-evaluate", "--path", dir,
                                "--system-info", info, request[0], request[1], request[2])),
                new Case("`qrexec-policy --version`", ours("qrexec-policy", "--version"), null));

        System.out.printf(Locale.ROOT, "Start-up: %d runs of each program, cold (a new process each), "
                + "medians; CPU is user plus system time of the process. Stock-sized tree: %d files, %d rules.%n%n",
                runs, countFiles(stock), rules);
        boolean withReference = reference != null;
        System.out.println(withReference
                ? "| command | wall | CPU | reference wall | reference CPU | wall ratio | CPU ratio |\n"
                        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
                : "| command | wall | CPU |\n| --- | ---: | ---: |");
        List<String> checked = new ArrayList<>();
        for (Case c : cases) {
            c.ours.run(repo, empty);   // warms the page cache; not counted
            if (withReference && c.reference != null) {
                checkSameResult(c);    // also warms the reference's page cache; not counted
                checked.add(c.name);
            }
            long[][] ourTimes = new long[2][runs];
            long[][] referenceTimes = new long[2][runs];
            for (int i = 0; i < runs; i++) {
                long[] t = c.ours.run(repo, empty);
                ourTimes[0][i] = t[0];
                ourTimes[1][i] = t[1];
                if (withReference && c.reference != null) {
                    long[] r = c.reference.run(repo, empty);
                    referenceTimes[0][i] = r[0];
                    referenceTimes[1][i] = r[1];
                }
            }
            printRow(c.name, ourTimes, withReference && c.reference != null ? referenceTimes : null, withReference);
        }
        long[][] daemon = new long[2][runs];
        for (int i = 0; i < runs; i++) {
            long[] t = daemonFirstAnswer();
            daemon[0][i] = t[0];
            daemon[1][i] = t[1];
        }
        printRow("`qrexec-policy-daemon`: start to its first answer", daemon, null, withReference);
        System.out.println();
        System.out.println("Daemon: wall from the process's start to the reply to its first request on policy.sock "
                + "(stock-sized tree, system information from a file); CPU of the whole run, stop included.");
        if (withReference) {
            System.out.println("Reference: " + reference + " run by " + pythonVersion() + ": "
                    + "`qubes-policy-lint` is its tool; `check` and `eval` load its FilePolicy and evaluate its "
                    + "Request; `qrexec-policy-exec --just-evaluate` evaluates through the same library calls as "
                    + "its tool, which itself always asks qubesd for the system information; the admin services run "
                    + "its `qubes-policy-admin` main() with the policy directory and the log file pointed at the "
                    + "benchmark's. Before the timed runs, each of these was run once beside ours and gave the same "
                    + "standard output and exit status (" + checked.size() + " rows). '—': no reference program "
                    + "(`--version`), or one that cannot run here (its daemon needs pyinotify and qubesd).");
        }
        if (tree != null) {
            coldLoads(tree);
        }
    }

    /**
     * Cold loads: {@code qrexec-policy bench --json} (load_ms: the load and the evaluation
     * index, in a fresh process) and {@code check} (the whole process), of the stock tree
     * and of {@code tree}, with the loader's prefetch on all processors and without it.
     */
    private void coldLoads(Path tree) throws Exception {
        Path requests = Files.writeString(work.resolve("requests.jsonl"),
                "{\"source\": \"work\", \"target\": \"personal\", \"service_and_arg\": \"qubes.Filecopy\"}\n");
        Path treeInfo = tree.resolve("system-info.json");
        record Tree(String name, List<String> dirs, Path info) {}
        List<Tree> trees = List.of(
                new Tree("stock-sized (" + countFiles(stock) + " files)", List.of("--policy-dir", stock.toString()),
                        systemInfo),
                new Tree("generated (" + (countFiles(tree.resolve("run")) + countFiles(tree.resolve("etc"))) + " files)",
                        List.of("--policy-dir", tree.resolve("run").toString(), "--policy-dir",
                                tree.resolve("etc").toString(), "--legacy-dir", tree.resolve("legacy").toString()),
                        treeInfo));
        System.out.println();
        System.out.println("| tree | prefetch | bench load_ms | check wall | check CPU |");
        System.out.println("| --- | --- | ---: | ---: | ---: |");
        Pattern loadMs = Pattern.compile("\"load_ms\":([0-9.]+)");
        for (Tree t : trees) {
            for (boolean prefetch : new boolean[] {true, false}) {
                String opts = prefetch ? "" : "-XX:ActiveProcessorCount=1";
                List<String> bench = new ArrayList<>(List.of("bench", "--json", "--max-seconds", "0.01"));
                bench.addAll(t.dirs);
                bench.addAll(List.of("--system-info", t.info.toString(), "--requests", requests.toString()));
                List<String> check = new ArrayList<>(List.of("check"));
                check.addAll(t.dirs);
                Command benchCommand = ours("qrexec-policy", bench.toArray(String[]::new))
                        .env("QREXEC_POLICY_JAVA_OPTS", opts);
                Command checkCommand = ours("qrexec-policy", check.toArray(String[]::new))
                        .env("QREXEC_POLICY_JAVA_OPTS", opts);
                double[] loads = new double[runs];
                long[][] checks = new long[2][runs];
                for (int i = 0; i < runs; i++) {
                    Matcher m = loadMs.matcher(benchCommand.output(repo, empty));
                    loads[i] = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
                    long[] c = checkCommand.run(repo, empty);
                    checks[0][i] = c[0];
                    checks[1][i] = c[1];
                }
                Arrays.sort(loads);
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f ms | %s | %s |%n", t.name,
                        prefetch ? "all processors" : "none (1 processor)", loads[runs / 2],
                        millis(median(checks[0])), millis(median(checks[1])));
            }
        }
    }

    /** Starts the daemon and asks it until it answers: {wall to the answer, CPU of the run} in nanoseconds. */
    private long[] daemonFirstAnswer() throws Exception {
        Path sockets = Files.createTempDirectory(work, "daemon");
        Path policySocket = sockets.resolve("policy.sock");
        List<String> command = List.of(repo.resolve("bin/qrexec-policy-daemon").toString(), "--policy-path",
                stock.toString(), "--system-info", systemInfo.toString(), "--socket-path", policySocket.toString(),
                "--eval-socket-path", sockets.resolve("policy.EvalSimple").toString(), "--gui-socket-path",
                sockets.resolve("policy.EvalGUI").toString());
        byte[] request = "source=work\nintended_target=personal\nservice_and_arg=qubes.Filecopy+\n\n"
                .getBytes(StandardCharsets.US_ASCII);
        long cpuBefore = ChildCpu.nanos();
        long start = System.nanoTime();
        Process daemon = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(empty.toFile()).start();
        long answered;
        try {
            while (true) {
                if (!daemon.isAlive() || System.nanoTime() - start > DAEMON_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("the daemon did not answer: " + command);
                }
                if (Files.exists(policySocket) && ask(policySocket, request)) {
                    answered = System.nanoTime();
                    break;
                }
                Thread.sleep(1);
            }
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }
        long cpu = ChildCpu.nanos() - cpuBefore;
        delete(sockets);
        return new long[] {answered - start, cpu};
    }

    private static boolean ask(Path socket, byte[] request) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write(request);
            channel.shutdownOutput();
            InputStream in = Channels.newInputStream(channel);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).contains("result=");
        } catch (IOException e) {
            return false;
        }
    }

    /** The admin service {@code call} (SERVICE+ARGUMENT), ours and the reference's, on the same directory. */
    private Case adminCase(String call, Map<String, String> adminEnv, Path referenceLog, Path input) {
        String service = call.contains("+") ? call.substring(0, call.indexOf('+')) : call;
        Command ourCommand = ours("qubes-policy-admin").env(adminEnv).env("QREXEC_SERVICE_FULL_NAME", call);
        Command theirs = python("-c", ReferenceScripts.POLICY_ADMIN, admin.toString(), referenceLog.toString());
        if (theirs != null) {
            theirs = theirs.env("QREXEC_SERVICE_FULL_NAME", call).env("QREXEC_REMOTE_DOMAIN", "mgmt");
        }
        if (input != null) {
            ourCommand = ourCommand.stdin(input);
            theirs = theirs == null ? null : theirs.stdin(input);
        }
        return new Case("`qubes-policy-admin` `" + service + "`", ourCommand, theirs);
    }

    /**
     * Runs ours and the reference's once each and stops the benchmark unless both give the
     * same standard output and exit status: a reference that fails (an ImportError, a
     * missing module) must not be timed as if it did the work.
     */
    private void checkSameResult(Case c) throws IOException, InterruptedException {
        Command.Result mine = c.ours.result(repo, empty);
        Command.Result theirs = c.reference.result(repo, empty);
        if (!mine.equals(theirs)) {
            throw new IllegalStateException("the reference does not give our result for " + c.name + ":\n ours: "
                    + mine + "\n reference: " + theirs + "\n reference command: "
                    + String.join(" ", c.reference.command()));
        }
    }

    private String pythonVersion() throws IOException, InterruptedException {
        return python + ", " + firstLine(python, "--version");
    }

    /**
     * The interpreter that {@code python3} on the PATH runs, as a path: a version
     * manager's shim (pyenv's is a shell script that starts two more processes) is
     * not part of the reference's start-up, so the runs exec the interpreter itself.
     */
    private static String pythonExecutable() {
        try {
            String executable = firstLine("python3", "-c", "import sys; print(sys.executable)");
            if (executable.isEmpty()) {
                throw new IllegalStateException("python3 did not name its executable");
            }
            return executable;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run python3 for --reference: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        return out.lines().findFirst().orElse("");
    }

    private void printRow(String name, long[][] ours, long[][] theirs, boolean withReference) {
        long wall = median(ours[0]);
        long cpu = median(ours[1]);
        if (!withReference) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", name, millis(wall), millis(cpu));
        } else if (theirs == null) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | — | — | | |%n", name, millis(wall), millis(cpu));
        } else {
            long theirWall = median(theirs[0]);
            long theirCpu = median(theirs[1]);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %.2f |%n", name, millis(wall),
                    millis(cpu), millis(theirWall), millis(theirCpu), (double) wall / theirWall,
                    (double) cpu / theirCpu);
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long countFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private Command ours(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        return new Command(command, new HashMap<>(), null);
    }

    private Command python(String... args) {
        if (reference == null) {
            return null;
        }
        List<String> command = new ArrayList<>(List.of(python));
        command.addAll(List.of(args));
        return new Command(command, new HashMap<>(Map.of("PYTHONPATH", reference.toString())), null);
    }

    /** One program of the table, ours and the reference's (null: none to compare with). */
    private record Case(String name, Command ours, Command reference) {}

    /** A command line with extra environment and an input file. */
    private record Command(List<String> command, Map<String, String> environment, Path input) {
        Command env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        Command env(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        Command stdin(Path file) {
            return new Command(command, environment, file);
        }

        private ProcessBuilder builder(Path directory, Path empty) {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput((input != null ? input : empty).toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(environment);
            return builder;
        }

        /** Runs it once: {wall, CPU} in nanoseconds. A failing run stops the benchmark. */
        long[] run(Path directory, Path empty) throws IOException, InterruptedException {
            ProcessBuilder builder = builder(directory, empty).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            long cpuBefore = ChildCpu.nanos();
            long start = System.nanoTime();
            int status = builder.start().waitFor();
            long wall = System.nanoTime() - start;
            long cpu = ChildCpu.nanos() - cpuBefore;
            if (status > 1) {
                throw new IllegalStateException("exit status " + status + ": " + String.join(" ", command));
            }
            return new long[] {wall, cpu};
        }

        /** Runs it once: its exit status and standard output (standard error is discarded). */
        Result result(Path directory, Path empty) throws IOException, InterruptedException {
            Process process = builder(directory, empty).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), out);
        }

        /** What one run gave. */
        record Result(int status, String output) {}

        /** Runs it once and returns its standard output. */
        String output(Path directory, Path empty) throws IOException, InterruptedException {
            Process process = builder(directory, empty).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        }
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
