package dev.qrexec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Callers of a {@link SharedFetch} share fetches but never get facts fetched before they asked. */
class SharedFetchTest {
    private static final String JSON = "{\"domains\": {\"dom0\": {\"type\": \"AdminVM\"}}}";

    /** A source whose every answer is a new object, remembering when each fetch started. */
    private static final class StampedSource implements SystemInfoSource {
        final Map<SystemInfo, Long> started = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile int maxInFlight;

        @Override
        public SystemInfo get() throws SystemInfoException {
            long start = System.nanoTime();
            calls.incrementAndGet();
            int now = inFlight.incrementAndGet();
            maxInFlight = Math.max(maxInFlight, now);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            SystemInfo info = SystemInfo.parse(JSON);
            started.put(info, start);
            inFlight.decrementAndGet();
            return info;
        }
    }

    @Test
    void everyCallerGetsFactsFetchedAfterItAsked() throws Exception {
        StampedSource source = new StampedSource();
        SharedFetch shared = new SharedFetch(source);
        int callers = 32;
        int rounds = 20;
        List<Thread> threads = new ArrayList<>();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    for (int round = 0; round < rounds; round++) {
                        long asked = System.nanoTime();
                        SystemInfo info = shared.get();
                        long fetched = source.started.get(info);
                        if (fetched < asked) {
                            violations.add("fetched " + (asked - fetched) + " ns before the call");
                        }
                    }
                } catch (Exception e) {
                    violations.add(e.toString());
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), violations);
        assertEquals(1, source.maxInFlight, "more than one fetch at a time");
        assertTrue(source.calls.get() < callers * rounds, "fetches were not shared: " + source.calls.get());
    }

    @Test
    void aLoneCallerFetchesForItself() throws Exception {
        StampedSource source = new StampedSource();
        SharedFetch shared = new SharedFetch(source);
        SystemInfo first = shared.get();
        SystemInfo second = shared.get();
        assertEquals(2, source.calls.get());
        assertTrue(first != second);
    }

    @Test
    void aFailureReachesEveryCallerOfThatFetchAndTheNextFetchIsTriedAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SystemInfo info = SystemInfo.parse(JSON);
        SharedFetch shared = new SharedFetch(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new SystemInfoException("qubesd is down");
            }
            return info;
        });
        SystemInfoException error = assertThrows(SystemInfoException.class, shared::get);
        assertEquals("qubesd is down", error.getMessage());
        assertSame(info, shared.get());
    }
}
