package dev.qrexec.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A real policy directory (with {@code include/}) in a scratch directory, and calls of the services on it. */
final class PolicyDirectory {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05.678Z"), ZoneOffset.UTC);

    final Path root;
    final Path main;
    final Path log;
    final AdminConfig config;

    PolicyDirectory(Path scratch) throws IOException {
        this(scratch, Optional.empty());
    }

    PolicyDirectory(Path scratch, Optional<Path> runtime) throws IOException {
        this.root = scratch.toRealPath();
        this.main = root.resolve("policy.d");
        this.log = root.resolve("admin.log");
        Files.createDirectories(main.resolve("include"));
        this.config = new AdminConfig(main, runtime, root.resolve("legacy"), log);
    }

    PolicyDirectory write(String relative, String text) throws IOException {
        Path file = main.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return this;
    }

    String read(String relative) throws IOException {
        return Files.readString(main.resolve(relative), StandardCharsets.UTF_8);
    }

    PolicyAdmin admin() {
        return new PolicyAdmin(config, new AdminLog(log, CLOCK));
    }

    Reply call(String fullName, String payload) {
        return call(fullName, payload.getBytes(StandardCharsets.UTF_8));
    }

    Reply call(String fullName, byte[] payload) {
        return admin().handle(AdminRequest.of(fullName, payload, "mgmt"));
    }

    /** Every regular file under the policy directory, hidden ones too, by relative path. */
    Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(main)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(main.relativize(file).toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    static String out(Reply reply) {
        return new String(reply.stdout(), StandardCharsets.UTF_8);
    }

    static String err(Reply reply) {
        return new String(reply.stderr(), StandardCharsets.UTF_8);
    }
}
