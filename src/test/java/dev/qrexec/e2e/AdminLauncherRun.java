package dev.qrexec.e2e;

import dev.qrexec.testdata.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of a launcher in {@code bin/} as a real process: its exit status, stdout and stderr. */
record AdminLauncherRun(int exit, String out, String err) {
    /** Bounds a hung process only; a run normally takes a second or two. */
    private static final long TIMEOUT_SECONDS = 300;

    static final Path BIN = Vectors.directory().getParent().getParent().resolve("bin");

    /** Runs {@code bin/PROGRAM ARGS} with {@code stdin} and these additions to the environment. */
    static AdminLauncherRun of(Path scratch, Map<String, String> env, byte[] stdin, String program, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BIN.resolve(program).toString()));
        command.addAll(List.of(args));
        Path in = Files.write(Files.createTempFile(scratch, "stdin", ""), stdin);
        Path out = Files.createTempFile(scratch, "stdout", "");
        Path err = Files.createTempFile(scratch, "stderr", "");
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(command + " hung");
        }
        AdminLauncherRun run = new AdminLauncherRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(in);
        Files.delete(out);
        Files.delete(err);
        return run;
    }
}
