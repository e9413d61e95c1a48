package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qrexec.admin.posix.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing through a hidden temporary file: exact bytes, mode 0664 whatever the umask, nothing left on failure. */
class AtomicWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheBytesWithMode0664WhateverTheUmask() throws IOException {
        Path target = dir.resolve("30-user.policy");
        Files.writeString(target, "old\n");
        int previous = Posix.umask(077);
        try {
            AtomicWriter.write(target, "new\n".getBytes(StandardCharsets.UTF_8));
        } finally {
            Posix.umask(previous);
        }
        assertArrayEquals("new\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("30-user.policy"), names());
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("busy");
        Files.createDirectories(target.resolve("sub"));
        assertThrows(IOException.class, () -> AtomicWriter.write(target, new byte[] {1}));
        assertEquals(List.of("busy"), names());
    }

    @Test
    void leftoversOfKilledWritersGoButNothingElse() throws IOException {
        Files.writeString(dir.resolve(AtomicWriter.TEMP_PREFIX + "30-user.policy.00112233"), "half");
        Files.writeString(dir.resolve(".other"), "");
        Files.writeString(dir.resolve("!30-user.policy"), "");
        AtomicWriter.removeLeftovers(dir);
        assertEquals(List.of("!30-user.policy", ".other"), names());
    }

    @Test
    void removeDeletesTheFile() throws IOException {
        Path target = dir.resolve("x");
        Files.writeString(target, "");
        AtomicWriter.remove(target);
        assertEquals(List.of(), names());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
