package dev.qrexec.cli;

import java.io.InputStream;
import java.io.PrintStream;
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

    /** The real standard streams and environment. */
    public static Io system() {
        return new Io(System.in, System.out, System.err, System.getenv());
    }
}
