package dev.qrexec.bench.load;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's load test: measures, one after the other on the same machine, the
 * minimal C server (the limit), the daemon with system information from a file,
 * and the daemon asking the qubesd stand-in for every request, each at the given
 * numbers of concurrent clients, and prints one table.
 *
 * <pre>
 * java -cp benchmarks.jar dev.qrexec.bench.load.DaemonLoad --repo DIR --c-server BINARY
 *     [--clients 1,16,64] [--warmup SECONDS] [--seconds SECONDS] [--work DIR]
 * </pre>
 */
public final class DaemonLoad {
    private final Path repo;
    private final Path cServer;
    private final Path work;
    private final int[] clients;
    private final Duration warmup;
    private final Duration measure;
    private final List<String> servers;
    private final List<String> rows = new ArrayList<>();

    private DaemonLoad(Path repo, Path cServer, Path work, int[] clients, Duration warmup, Duration measure,
                       List<String> servers) {
        this.servers = servers;
        this.repo = repo;
        this.cServer = cServer;
        this.work = work;
        this.clients = clients;
        this.warmup = warmup;
        this.measure = measure;
    }

    public static void main(String[] args) throws Exception {
        Path repo = null;
        Path cServer = null;
        Path work = null;
        int[] clients = {1, 16, 64};
        double warmup = 3;
        double seconds = 5;
        List<String> servers = List.of("c", "file", "qubesd");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[i + 1]);
                case "--c-server" -> cServer = Path.of(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                case "--clients" -> clients = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--servers" -> servers = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (repo == null || cServer == null || args.length % 2 != 0) {
            System.err.println("usage: DaemonLoad --repo DIR --c-server BINARY [--clients 1,16,64] "
                    + "[--warmup SECONDS] [--seconds SECONDS] [--servers c,file,qubesd] [--work DIR]");
            System.exit(2);
        }
        if (work == null) {
            work = Files.createTempDirectory("daemon-load");
        }
        new DaemonLoad(repo, cServer, work, clients, Duration.ofMillis((long) (warmup * 1000)),
                Duration.ofMillis((long) (seconds * 1000)), servers).run();
    }

    private void run() throws Exception {
        Path policy = work.resolve("policy");
        BenchSystem.writePolicy(policy);
        Files.createDirectories(work.resolve("legacy"));
        Path systemInfo = work.resolve("system-info.json");
        Files.writeString(systemInfo, BenchSystem.systemInfo());
        List<byte[]> requests = BenchSystem.requests(4096);

        if (servers.contains("c")) {
            measureConstant(requests);
        }
        if (servers.contains("file")) {
            measure("daemon, system info from file", work.resolve("file/policy.sock"), requests,
                    daemon(work.resolve("file"), "--system-info", systemInfo.toString()),
                    work.resolve("daemon-file.log"));
        }
        if (servers.contains("qubesd")) {
            measureWithQubesd(requests, systemInfo);
        }
        System.out.println();
        System.out.println("| server | clients | requests/s | p50 ms | p99 ms | errors |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("policy: " + BenchSystem.SERVICES * 10 + " rules in " + BenchSystem.FILES
                + " files, " + (BenchSystem.QUBES + 1) + " qubes; one connection per request; work directory "
                + work);
    }

    private void measureConstant(List<byte[]> requests) throws Exception {
        Path constSocket = work.resolve("const.sock");
        String sample = answerOf(requests.get(0));
        measure("C server, constant reply", constSocket, requests,
                List.of(cServer.toString(), constSocket.toString(), sample), work.resolve("c-server.log"));
    }

    private void measureWithQubesd(List<byte[]> requests, Path systemInfo) throws Exception {
        Path qubesdSocket = work.resolve("qubesd.sock");
        Process qubesd = start(List.of(repo.resolve("bin/qrexec-policy").toString(), "qubesd-standin",
                "--socket", qubesdSocket.toString(), "--system-info", systemInfo.toString()),
                work.resolve("qubesd.log"));
        try {
            awaitSocket(qubesdSocket, qubesd);
            measure("daemon, qubesd stand-in", work.resolve("qubesd/policy.sock"), requests,
                    daemon(work.resolve("qubesd"), "--qubesd-socket", qubesdSocket.toString()),
                    work.resolve("daemon-qubesd.log"));
        } finally {
            stop(qubesd);
        }
    }

    /** The reply of the real daemon to {@code request}, which the C server gives to every request. */
    private String answerOf(byte[] request) throws Exception {
        Path socket = work.resolve("sample/policy.sock");
        Process daemon = start(daemon(work.resolve("sample"), "--system-info",
                work.resolve("system-info.json").toString()), work.resolve("daemon-sample.log"));
        try {
            awaitSocket(socket, daemon);
            return exchange(socket, request);
        } finally {
            stop(daemon);
        }
    }

    private List<String> daemon(Path directory, String... source) throws IOException {
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>(List.of(repo.resolve("bin/qrexec-policy-daemon").toString(),
                "--policy-path", work.resolve("policy").toString(), "--legacy-dir", work.resolve("legacy").toString(),
                "--socket-path", directory.resolve("policy.sock").toString(),
                "--eval-socket-path", directory.resolve("policy.EvalSimple").toString(),
                "--gui-socket-path", directory.resolve("policy.EvalGUI").toString()));
        command.addAll(List.of(source));
        return command;
    }

    private void measure(String name, Path socket, List<byte[]> requests, List<String> command, Path log)
            throws Exception {
        Process server = start(command, log);
        try {
            awaitSocket(socket, server);
            LoadGenerator generator = new LoadGenerator(socket, requests);
            for (int count : clients) {
                LoadGenerator.Measurement m = generator.run(count, warmup, measure);
                String row = String.format(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.3f | %d |", name, count,
                        m.perSecond(), m.p50Nanos() / 1e6, m.p99Nanos() / 1e6, m.errors());
                System.out.println(row);
                rows.add(row);
            }
        } finally {
            stop(server);
        }
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile()).start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void awaitSocket(Path socket, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IOException(socket + " never answered (see the server's log)", e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static String exchange(Path socket, byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request));
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (channel.read(in) >= 0) {
                if (!in.hasRemaining()) {
                    throw new IOException("reply too long");
                }
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        }
    }
}
