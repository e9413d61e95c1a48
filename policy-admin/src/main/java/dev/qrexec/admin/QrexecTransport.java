package dev.qrexec.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Calls the admin services in dom0 from another qube: runs
 * {@code PROGRAM -- dom0 SERVICE[+ARGUMENT]} ({@code qrexec-client-vm} on a real
 * system), feeds it the payload and collects its exit status, stdout and stderr,
 * which qrexec forwards from the service.
 *
 * @param program     the qrexec client program
 * @param environment the whole environment of the program
 */
public record QrexecTransport(Path program, Map<String, String> environment) implements Transport {
    /** Where Qubes installs the client in a qube. */
    public static final Path QREXEC_CLIENT_VM = Path.of("/usr/bin/qrexec-client-vm");
    /** The qube that holds the policy. */
    public static final String DESTINATION = "dom0";

    public QrexecTransport {
        Objects.requireNonNull(program, "program");
        environment = Map.copyOf(environment);
    }

    @Override
    public Exchange call(String service, Optional<String> argument, byte[] payload) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(program.toString(), "--", DESTINATION,
                Transport.fullName(service, argument)));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<Void> input = CompletableFuture.runAsync(() -> feed(process.getOutputStream(), payload));
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        byte[] stdout = drain(process.getInputStream());
        try {
            int exit = process.waitFor();
            input.get();
            return new Exchange(exit, stdout, errors.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + program, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause()
                    : new IOException("calling " + program, e.getCause());
        }
    }

    private static void feed(OutputStream stdin, byte[] payload) {
        try (stdin) {
            stdin.write(payload);
        } catch (IOException e) {
            // the program exited without reading everything: its exit status tells why
        }
    }

    private static byte[] drain(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
