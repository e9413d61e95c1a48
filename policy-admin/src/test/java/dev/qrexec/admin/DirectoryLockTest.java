package dev.qrexec.admin;

import static dev.qrexec.admin.PolicyDirectory.err;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock is util-linux {@code flock}'s lock on the policy directory, which the
 * reference's tools take too: each side waits while the other holds it. (Waiting is
 * checked by "not done after a while", which a loaded machine cannot make fail; the
 * generous timeouts only bound a hang.)
 */
class DirectoryLockTest {
    private static final long WHILE_MS = 700;

    @TempDir
    Path scratch;

    PolicyDirectory dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = new PolicyDirectory(scratch).write("30-user.policy", "# old\n");
    }

    @Test
    void theServicesWaitWhileFlockHoldsTheDirectory() throws Exception {
        Process holder = new ProcessBuilder("flock", dir.main.toString(), "sh", "-c", "echo locked; read line || true")
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("locked", output.readLine());
            CompletableFuture<Reply> replace = CompletableFuture.supplyAsync(
                    () -> dir.call("policy.Replace+30-user", "any\n# new\n"));
            CompletableFuture<Reply> get = CompletableFuture.supplyAsync(() -> dir.call("policy.Get+30-user", ""));
            assertThrows(TimeoutException.class, () -> replace.get(WHILE_MS, TimeUnit.MILLISECONDS));
            assertFalse(get.isDone());
            assertEquals("# old\n", dir.read("30-user.policy"));
            holder.getOutputStream().close();
            assertEquals(0, holder.waitFor());
            Reply replaced = replace.get(60, TimeUnit.SECONDS);
            assertEquals("", err(replaced));
            assertEquals(0, replaced.exitCode());
            assertEquals(0, get.get(60, TimeUnit.SECONDS).exitCode());
            assertEquals("# new\n", dir.read("30-user.policy"));
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void flockWaitsWhileTheServiceHoldsTheDirectory() throws Exception {
        try (DirectoryLock lock = DirectoryLock.acquire(dir.main)) {
            assertEquals(1, flockNow());
            lock.close();
            assertEquals(0, flockNow());
        }
    }

    @Test
    void twoHoldersInOneProcessExcludeEachOther() throws Exception {
        DirectoryLock first = DirectoryLock.acquire(dir.main);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try (DirectoryLock lock = DirectoryLock.acquire(dir.main)) {
                assertEquals(1, flockNow());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> second.get(WHILE_MS, TimeUnit.MILLISECONDS));
        first.close();
        second.get(60, TimeUnit.SECONDS);
    }

    /** The exit status of {@code flock --nonblock DIR true}: 0 when it got the lock, 1 when it is held. */
    private int flockNow() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("flock", "--nonblock", dir.main.toString(), "true")
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
