package dev.qrexec.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The process's standard streams and environment, handed to every command so that
 * tests can run commands in-process with their own streams.
 */
public record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    public Io {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
    }

    /**
     * The real standard streams and environment. Output is UTF-8 whatever the locale,
     * as the reference's is (Python uses UTF-8 in the C locale too): replies and
     * messages are compared byte for byte.
     */
    public static Io system() {
        return new Io(System.in, utf8(FileDescriptor.out), utf8(FileDescriptor.err), System.getenv());
    }

    private static PrintStream utf8(FileDescriptor descriptor) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(descriptor), 8192), true,
                StandardCharsets.UTF_8);
    }
}
