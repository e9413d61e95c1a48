package dev.qrexec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file source of system information and the cache of parsed documents. */
class SystemInfoSourceTest {
    private static final String ONE = "{\"domains\": {\"dom0\": {\"type\": \"AdminVM\"}}}";
    private static final String TWO = "{\"domains\": {\"dom0\": {\"type\": \"AdminVM\"}, \"work\": {\"type\": \"AppVM\"}}}";

    @TempDir
    Path scratch;

    @Test
    void identicalDocumentsAreParsedOnce() throws SystemInfoException {
        SystemInfoCache cache = new SystemInfoCache();
        SystemInfo first = cache.parse(ONE.getBytes(StandardCharsets.UTF_8));
        assertSame(first, cache.parse(ONE.getBytes(StandardCharsets.UTF_8)));
        SystemInfo second = cache.parse(TWO.getBytes(StandardCharsets.UTF_8));
        assertNotSame(first, second);
        assertTrue(second.contains("work"));
        assertThrows(SystemInfoException.class, () -> cache.parse("[]".getBytes(StandardCharsets.UTF_8)));
        assertSame(second, cache.parse(TWO.getBytes(StandardCharsets.UTF_8)), "a bad document leaves the cache");
    }

    @Test
    void theFileIsReadAgainOnlyWhenItChanged() throws Exception {
        Path file = scratch.resolve("system-info.json");
        Files.writeString(file, ONE);
        SystemInfoFile source = new SystemInfoFile(file);
        SystemInfo first = source.get();
        assertSame(first, source.get());
        Files.writeString(file, TWO);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        SystemInfo second = source.get();
        assertTrue(second.contains("work"));
        assertSame(second, source.get());
    }

    @Test
    void aMissingOrBrokenFileIsAnError() throws Exception {
        Path file = scratch.resolve("missing.json");
        SystemInfoException missing = assertThrows(SystemInfoException.class, () -> new SystemInfoFile(file).get());
        assertEquals("cannot read the system information " + file + ": no such file or directory", missing.getMessage());
        Files.writeString(file, "{\"domains\": 3}");
        SystemInfoException broken = assertThrows(SystemInfoException.class, () -> new SystemInfoFile(file).get());
        assertEquals("cannot read the system information " + file + ": invalid system information: no \"domains\" "
                + "object", broken.getMessage());
    }

    @Test
    void theOneReaderNamesFileAndReasonKeepsItsLimitAndAddsAliasesOnRequest() throws Exception {
        Path file = scratch.resolve("si.json");
        Files.writeString(file, "{\"domains\": {\"work\": {\"uuid\": \"c9024a97-9b15-46cc-8341-38d75d5d421b\", "
                + "\"type\": \"AppVM\"}}}");
        assertTrue(SystemInfoFile.read(file, SystemInfoFile.Names.WITH_UUID_ALIASES)
                .contains("uuid:c9024a97-9b15-46cc-8341-38d75d5d421b"));
        assertTrue(!SystemInfoFile.read(file, SystemInfoFile.Names.VERBATIM)
                .contains("uuid:c9024a97-9b15-46cc-8341-38d75d5d421b"));
        Path directory = scratch.resolve("dir");
        Files.createDirectory(directory);
        SystemInfoException notAFile = assertThrows(SystemInfoException.class,
                () -> SystemInfoFile.read(directory, SystemInfoFile.Names.VERBATIM));
        assertEquals("cannot read the system information " + directory + ": is a directory", notAFile.getMessage());
        Path huge = scratch.resolve("huge.json");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            sparse.setLength(SystemInfoFile.MAX_BYTES + 1);
        }
        SystemInfoException tooLarge = assertThrows(SystemInfoException.class,
                () -> SystemInfoFile.read(huge, SystemInfoFile.Names.WITH_UUID_ALIASES));
        assertEquals("cannot read the system information " + huge + ": the file is larger than 67108864 bytes",
                tooLarge.getMessage());
    }
}
