package dev.qrexec.cli.convert;

import dev.qrexec.admin.Posix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The exclusive {@code flock} on a policy directory that the admin services take
 * around every edit, held while a tool here changes the directory, so that no admin
 * edit interleaves with it.
 */
final class PolicyDirectoryLock implements AutoCloseable {
    private final int fd;

    private PolicyDirectoryLock(int fd) {
        this.fd = fd;
    }

    /** Waits for and takes the lock on {@code directory}. */
    static PolicyDirectoryLock take(Path directory) throws IOException {
        int fd = Posix.openDirectory(directory);
        try {
            Posix.flock(fd, Posix.LOCK_EX);
            return new PolicyDirectoryLock(fd);
        } catch (IOException e) {
            Posix.close(fd);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        Posix.close(fd);
    }
}
