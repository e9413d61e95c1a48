package dev.qrexec.bench.load;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives a socket the way qrexec-daemon drives {@code policy.sock}: each request on
 * a connection of its own (connect, write, read to the end, close), from a number
 * of clients at once, each sending its next request as soon as the last one is
 * answered. Requests during the warm-up are not counted; the run stops by itself
 * after the measuring time.
 */
final class LoadGenerator {
    /** What one run measured. */
    record Measurement(int clients, long requests, long errors, double seconds, long p50Nanos, long p99Nanos) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private final UnixDomainSocketAddress address;
    private final List<byte[]> requests;

    LoadGenerator(Path socket, List<byte[]> requests) {
        this.address = UnixDomainSocketAddress.of(socket);
        this.requests = List.copyOf(requests);
    }

    /** The latencies of one client's counted requests, and its errors. */
    private static final class Client implements Runnable {
        private final LoadGenerator generator;
        private final int offset;
        private final long countFrom;
        private final long stopAt;
        private long[] latencies = new long[1 << 16];
        private int count;
        private long errors;

        Client(LoadGenerator generator, int offset, long countFrom, long stopAt) {
            this.generator = generator;
            this.offset = offset;
            this.countFrom = countFrom;
            this.stopAt = stopAt;
        }

        @Override
        public void run() {
            ByteBuffer in = ByteBuffer.allocateDirect(8192);
            int next = offset;
            while (true) {
                long start = System.nanoTime();
                if (start - stopAt >= 0) {
                    return;
                }
                byte[] request = generator.requests.get(next++ % generator.requests.size());
                boolean ok = generator.exchange(request, in);
                long end = System.nanoTime();
                if (start - countFrom >= 0 && end - stopAt < 0) {
                    if (!ok) {
                        errors++;
                    } else {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = end - start;
                    }
                }
            }
        }
    }

    /** One exchange; false when it failed or the reply was empty. */
    private boolean exchange(byte[] request, ByteBuffer in) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(address);
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            in.clear();
            int total = 0;
            int n;
            while ((n = channel.read(in)) >= 0) {
                total += n;
                if (!in.hasRemaining()) {
                    in.clear();
                }
            }
            return total > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code clients} clients for the warm-up and then the measuring time. */
    Measurement run(int clients, Duration warmup, Duration measure) throws InterruptedException {
        long now = System.nanoTime();
        long countFrom = now + warmup.toNanos();
        long stopAt = countFrom + measure.toNanos();
        List<Client> all = new ArrayList<>(clients);
        List<Thread> threads = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            Client client = new Client(this, i * 7919, countFrom, stopAt);
            all.add(client);
            threads.add(Thread.ofPlatform().name("load-client-" + i).start(client));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        int total = all.stream().mapToInt(c -> c.count).sum();
        long[] latencies = new long[total];
        int at = 0;
        long errors = 0;
        for (Client client : all) {
            System.arraycopy(client.latencies, 0, latencies, at, client.count);
            at += client.count;
            errors += client.errors;
        }
        Arrays.sort(latencies);
        return new Measurement(clients, total, errors, measure.toNanos() / 1e9, percentile(latencies, 0.50),
                percentile(latencies, 0.99));
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
