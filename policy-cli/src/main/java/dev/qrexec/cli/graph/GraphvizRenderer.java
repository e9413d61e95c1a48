package dev.qrexec.cli.graph;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders DOT text to an image with Graphviz's {@code dot} program, found on a
 * {@code PATH} given by the caller. A missing program, a failure or a hang is a
 * {@link RenderException} with a message for the user.
 */
public final class GraphvizRenderer {
    private final String path;
    private final Duration timeout;

    /**
     * @param path    the {@code PATH} to look for {@code dot} in (colon-separated directories)
     * @param timeout how long {@code dot} may run
     */
    public GraphvizRenderer(String path, Duration timeout) {
        this.path = path == null ? "" : path;
        this.timeout = timeout;
    }

    /** Why rendering failed, in words for the user. */
    public static final class RenderException extends Exception {
        private static final long serialVersionUID = 1L;

        RenderException(String message) {
            super(message);
        }
    }

    /** The {@code dot} program on the path, if there is one. */
    public Optional<Path> program() {
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, "dot");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The image of {@code dot} in {@code format} ({@link GraphFormat#SVG} or {@link GraphFormat#PNG}). */
    public byte[] render(String dot, GraphFormat format) throws RenderException {
        Path program = program().orElseThrow(() -> new RenderException("--format " + format.word()
                + " needs Graphviz's dot program, which is not installed (not found on PATH); "
                + "install graphviz, or write DOT with --format dot"));
        Process process;
        try {
            process = new ProcessBuilder(program.toString(), "-T" + format.word()).start();
        } catch (IOException e) {
            throw new RenderException("cannot run " + program + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> image = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // dot stopped reading; its exit status and messages tell why
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RenderException(program + " did not finish within " + timeout.toSeconds() + " s");
            }
            int status = process.exitValue();
            byte[] output = image.join();
            if (status != 0) {
                String message = new String(errors.join(), StandardCharsets.UTF_8).strip();
                throw new RenderException(program + " failed with exit status " + status
                        + (message.isEmpty() ? "" : ": " + message));
            }
            return output;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RenderException("interrupted while running " + program);
        }
    }

    private static byte[] readAll(InputStream stream) {
        try (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
