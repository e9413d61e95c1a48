package dev.qrexec.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A program of the application run in-process, with its exit status and what it printed. */
public record InProcess(int exit, String out, String err) {
    /** Runs {@code program} with {@code args} and empty standard input. */
    public static InProcess run(String program, String... args) {
        return runWithInput(new byte[0], program, args);
    }

    /** Runs {@code program} with {@code args}, reading {@code input} as standard input. */
    public static InProcess runWithInput(byte[] input, String program, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(input), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        int exit = Main.run(io, program, args);
        return new InProcess(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
