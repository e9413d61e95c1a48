package dev.qrexec.cli.admin;

import dev.qrexec.cli.Io;
import dev.qrexec.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One in-process run of a program of the application, with its exit status and output. */
record AdminRun(int exit, byte[] stdout, byte[] stderr) {
    static AdminRun of(Map<String, String> env, byte[] stdin, String program, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new Io(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env), program, args);
        return new AdminRun(exit, out.toByteArray(), err.toByteArray());
    }

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
