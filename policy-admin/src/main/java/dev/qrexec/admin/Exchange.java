package dev.qrexec.admin;

import java.util.Objects;

/** What one call of a service gave back: its exit status and the bytes on stdout and stderr. */
public record Exchange(int exitCode, byte[] stdout, byte[] stderr) {
    public Exchange {
        stdout = Objects.requireNonNull(stdout, "stdout").clone();
        stderr = Objects.requireNonNull(stderr, "stderr").clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }
}
