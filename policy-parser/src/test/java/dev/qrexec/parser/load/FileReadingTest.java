package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading the bytes of policy files (policy-language.md 2.1 and 4.6): strict UTF-8 with
 * the line and column of the first bad byte, the byte order mark, files that cannot be
 * read, and files too large to read.
 */
class FileReadingTest extends ScratchTreeTest {
    /** Text and raw bytes, concatenated: strings are UTF-8, integers single bytes. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("a lone continuation byte", bytes("a * @anyvm @anyvm deny\n# ok\nx", 0x80, " y\n"), 3, 2),
                Arguments.of("0xff", bytes(0xff), 1, 1),
                Arguments.of("after a lone CR", bytes("# a\r", 0xfe), 2, 1),
                Arguments.of("after CR LF", bytes("# a\r\n# b\r\n", 0xc3, "("), 3, 1),
                Arguments.of("after multi-byte characters", bytes("# é😀€", 0xff), 1, 6),
                Arguments.of("an overlong NUL", bytes("#", 0xc0, 0x80), 1, 2),
                Arguments.of("an overlong slash", bytes("# ", 0xe0, 0x80, 0xaf), 1, 3),
                Arguments.of("an encoded surrogate", bytes("\n\n#", 0xed, 0xa0, 0x80), 3, 2),
                Arguments.of("above U+10FFFF", bytes("#", 0xf4, 0x90, 0x80, 0x80), 1, 2),
                Arguments.of("a truncated sequence at the end", bytes("# €", 0xe2, 0x82), 1, 4),
                Arguments.of("Latin-1 text", bytes("# caf", 0xe9, "\n"), 1, 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void invalidUtf8IsAnErrorAtTheFirstBadByte(String name, byte[] content, int line, int column) {
        dirs.bytes("etc/30-a.policy", content);
        Diagnostic d = dirs.assertFirstError(Code.INVALID_UTF8, "etc/30-a.policy", line, column,
                "invalid UTF-8 in policy file");
        assertEquals(dirs.path("etc/30-a.policy") + ":" + line + ": invalid UTF-8 in policy file", d.referenceText());
    }

    @Test
    void theWholeFileIsDecodedBeforeAnyLineIsChecked() {
        dirs.bytes("etc/30-a.policy", bytes("bad rule\n\n# caf", 0xe9, "\n"));
        dirs.assertFirstError(Code.INVALID_UTF8, "etc/30-a.policy", 3, 6, "invalid UTF-8 in policy file");
    }

    @Test
    void invalidUtf8InIncludedAndLegacyFiles() {
        dirs.file("etc/30-a.policy", "!include inc\n").bytes("etc/inc", bytes("\n", 0xff));
        dirs.assertFirstError(Code.INVALID_UTF8, "etc/inc", 2, 1, "invalid UTF-8 in policy file");
        dirs.file("etc/30-a.policy", "!include-service s * inc\n");
        dirs.assertFirstError(Code.INVALID_UTF8, "etc/inc", 2, 1, "invalid UTF-8 in policy file");
        dirs.file("etc/30-a.policy", "!compat-4.0\n").bytes("legacy/qubes.A", bytes("x y allow ", 0xa0));
        dirs.assertFirstError(Code.INVALID_UTF8, "legacy/qubes.A", 1, 11, "invalid UTF-8 in policy file");
    }

    @Test
    void aByteOrderMarkIsNotRemoved() {
        dirs.bytes("etc/30-a.policy", bytes(0xef, 0xbb, 0xbf, "test.Svc * a b allow\n"));
        Diagnostic d = dirs.assertFirstError(Code.INVALID_SERVICE, "etc/30-a.policy", 1, 1,
                "service '\\ufefftest.Svc' contains invalid characters: ('\\ufeff',)");
        assertEquals(dirs.path("etc/30-a.policy") + ":1: service '\\ufefftest.Svc' contains invalid characters: "
                + "('\\ufeff',)", d.referenceText());
        dirs.bytes("etc/30-a.policy", bytes(0xef, 0xbb, 0xbf, "# comment\n"));
        dirs.assertFirstError(Code.WRONG_FIELD_COUNT, "etc/30-a.policy", 1, 1, "wrong number of fields");
    }

    @Test
    void nulAndControlCharactersAreText() {
        dirs.bytes("etc/30-a.policy", bytes("# ", 0, 1, 0x1b, "\n", "a * x", 0, " y deny\n"));
        assertEquals(List.of("etc/30-a.policy:2 a * x\u0000 y deny"), dirs.loadedRules());
    }

    @Test
    void anUnreadableFileFailsTheLoad() throws Exception {
        dirs.file("etc/10-a.policy", "a * @anyvm @anyvm deny\n").file("etc/30-b.policy", "b * @anyvm @anyvm deny\n");
        Path file = dirs.root.resolve("etc/30-b.policy");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        String path = dirs.path("etc/30-b.policy");
        String message = "failed to load " + path + " file: [Errno 13] Permission denied: '" + path + "'";
        if (UnprivilegedLoad.privileged()) {
            assertEquals("LOAD_FAILED|" + path + "|0|0|" + message + "\n", asNobody());
            return;
        }
        Diagnostic d = dirs.assertFirstError(Code.LOAD_FAILED, "etc/30-b.policy", 0, 0, message);
        assertEquals(d.message(), d.referenceText());
    }

    @Test
    void anUnreadableIncludedFileFailsTheLoad() throws Exception {
        dirs.file("etc/30-a.policy", "!include inc\n").file("etc/inc", "");
        Path file = dirs.root.resolve("etc/inc");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        String path = dirs.path("etc/inc");
        String message = "failed to load " + path + " file: [Errno 13] Permission denied: '" + path + "'";
        if (UnprivilegedLoad.privileged()) {
            assertEquals("LOAD_FAILED|" + path + "|0|0|" + message + "\n", asNobody());
            return;
        }
        dirs.assertFirstError(Code.LOAD_FAILED, "etc/inc", 0, 0, message);
    }

    @Test
    void anUnlistablePolicyDirectoryFailsTheLoad() throws Exception {
        Path etc = dirs.root.resolve("etc");
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("---------"));
        try {
            String path = dirs.path("etc");
            String message = "failed to load " + path + " file: [Errno 13] Permission denied: '" + path + "'";
            if (UnprivilegedLoad.privileged()) {
                assertEquals("LOAD_FAILED|" + path + "|0|0|" + message + "\n", asNobody());
                return;
            }
            dirs.assertFirstError(Code.LOAD_FAILED, "etc", 0, 0, message);
        } finally {
            Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aFileTooLargeToReadFailsTheLoad() throws Exception {
        dirs.file("etc/30-a.policy", "!include big\n");
        try (RandomAccessFile big = new RandomAccessFile(dirs.root.resolve("etc/big").toFile(), "rw")) {
            big.setLength(PolicyLoader.MAX_FILE_BYTES + 1L); // sparse: takes no disk space
        }
        String path = dirs.path("etc/big");
        dirs.assertFirstError(Code.LOAD_FAILED, "etc/big", 0, 0,
                "failed to load " + path + " file: [Errno 27] File too large: '" + path + "'");
    }

    @Test
    void aHugeLineIsOneLine() {
        dirs.file("etc/30-a.policy", "# c\n" + "x".repeat(1 << 20) + " y\n");
        dirs.assertFirstError(Code.WRONG_FIELD_COUNT, "etc/30-a.policy", 2, 1, "wrong number of fields");
    }

    /** The first error of loading the scratch tree as the user nobody (root reads every file). */
    private String asNobody() throws Exception {
        return UnprivilegedLoad.firstError(dirs.root, List.of(dirs.root.resolve("run"), dirs.root.resolve("etc")),
                dirs.root.resolve("legacy"));
    }
}
