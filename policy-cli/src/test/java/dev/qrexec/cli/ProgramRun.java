package dev.qrexec.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A program of the application run in-process with its own streams: exit status, stdout and stderr. */
public record ProgramRun(int status, String out, String err) {
    /** Runs {@code program} with {@code args}, {@code stdin} as its input and {@code env} as its environment. */
    public static ProgramRun run(String program, String stdin, Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        int status = Main.run(io, program, args.toArray(String[]::new));
        return new ProgramRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code program} with {@code args}, no input and an empty environment. */
    public static ProgramRun run(String program, String... args) {
        return run(program, "", Map.of(), List.of(args));
    }

    /** Runs {@code qrexec-policy} with {@code args}, no input and an empty environment. */
    public static ProgramRun qrexecPolicy(String... args) {
        return run("qrexec-policy", args);
    }

    /** Runs {@code program} with {@code args}, reading {@code input} (UTF-8) as standard input. */
    public static ProgramRun runWithInput(String input, String program, String... args) {
        return run(program, input, Map.of(), List.of(args));
    }
}
