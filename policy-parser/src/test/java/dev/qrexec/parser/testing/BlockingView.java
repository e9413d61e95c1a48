package dev.qrexec.parser.testing;

import dev.qrexec.parser.load.FileView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The real file system, except that reading one file waits until {@code release} opens,
 * like a read of a FIFO without a writer: interrupts do not end it. Shared with the
 * tests of the admin services and the daemon through this module's test jar.
 */
public record BlockingView(Path blocked, CountDownLatch release) implements FileView {
    @Override
    public Kind kind(Path path) {
        return FileView.real().kind(path);
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        return FileView.real().list(directory);
    }

    @Override
    public byte[] read(Path file) throws IOException {
        if (file.equals(blocked)) {
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return FileView.real().read(file);
    }
}
