package dev.qrexec.admin;

import dev.qrexec.admin.posix.Posix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An exclusive {@code flock(2)} on a policy directory itself, the lock the reference's
 * admin tools take, so that they and this implementation exclude each other. Taking it
 * blocks until every other holder has let go; closing releases it.
 */
public final class DirectoryLock implements AutoCloseable {
    private final int fd;
    private boolean closed;

    private DirectoryLock(int fd) {
        this.fd = fd;
    }

    /** Opens {@code directory} and waits for its exclusive lock. */
    public static DirectoryLock acquire(Path directory) throws IOException {
        int fd = Posix.openDirectory(directory);
        try {
            Posix.flock(fd, Posix.LOCK_EX);
        } catch (IOException | RuntimeException e) {
            try {
                Posix.close(fd);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new DirectoryLock(fd);
    }

    /** Releases the lock by closing the directory. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Posix.close(fd);
        }
    }
}
