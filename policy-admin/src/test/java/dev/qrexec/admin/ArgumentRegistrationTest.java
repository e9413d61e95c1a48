package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** policy.RegisterArgument: what is appended, what is refused, and the log lines. */
class ArgumentRegistrationTest {
    private static final String FILE = ArgumentRegistration.FILE_NAME;

    @TempDir
    Path scratch;

    PolicyDirectory dir;
    Path log;

    @BeforeEach
    void setUp() throws IOException {
        dir = new PolicyDirectory(scratch).write("30-user.policy", "u2f.Register +taken @anyvm @anyvm allow\n");
        log = scratch.resolve("register.log");
    }

    private boolean register(String service, String frontend, String backend, String argument) {
        return new ArgumentRegistration(dir.config, new AdminLog(log, PolicyDirectory.CLOCK)).register(service,
                frontend, backend, new ByteArrayInputStream(argument.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> logLines() throws IOException {
        return Files.readAllLines(log).stream().map(l -> l.substring("2025-01-02 03:04:05,678 ".length())).toList();
    }

    @Test
    void anArgumentIsRegisteredOnce() throws IOException {
        assertTrue(register("u2f.Authenticate", "work", "sys-usb", "aGVsbG8-_.x"));
        assertEquals("u2f.Authenticate +aGVsbG8-_.x work sys-usb allow\n", dir.read(FILE));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.main.resolve(FILE))));
        assertFalse(register("u2f.Authenticate", "other", "sys-usb", "aGVsbG8-_.x"));
        assertTrue(register("u2f.Authenticate", "work", "sys-usb", "second"));
        assertEquals("u2f.Authenticate +aGVsbG8-_.x work sys-usb allow\nu2f.Authenticate +second work sys-usb allow\n",
                dir.read(FILE));
        assertEquals(List.of(
                "u2f.Authenticate: work \u2192 sys-usb aGVsbG8-_.x argument allowed",
                "u2f.Authenticate: other \u2192 sys-usb aGVsbG8-_.x argument failed: argument already registered",
                "u2f.Authenticate: work \u2192 sys-usb second argument allowed"), logLines());
    }

    @Test
    void badRequestsAreRefusedAndLogged() throws IOException {
        Map<String, String> before = dir.snapshot();
        assertFalse(register("u2f.Register", "work", "sys-usb", "taken"));
        assertFalse(register("u2f.Register", "work", "sys-usb", "x".repeat(65)));
        assertFalse(register("u2f.Register", "work", "sys-usb", ""));
        assertFalse(register("u2f.Register", "work", "sys-usb", "a+b"));
        assertFalse(register("", "work", "sys-usb", "arg"));
        assertFalse(register("u2f.Register", "", "sys-usb", "arg"));
        assertFalse(register("u2f.Register", "@dispvm", "sys-usb", "arg"));
        assertEquals(before, dir.snapshot());
        assertEquals(List.of(
                "u2f.Register: work \u2192 sys-usb taken argument failed: argument already registered",
                "u2f.Register: work \u2192 sys-usb request refused: argument too long",
                "u2f.Register: work \u2192 sys-usb request refused: empty argument",
                "u2f.Register: work \u2192 sys-usb request refused: invalid argument",
                ": work \u2192 sys-usb request refused: invalid service name",
                "u2f.Register:  \u2192 sys-usb request refused: invalid frontend qube",
                "u2f.Register: @dispvm \u2192 sys-usb request refused: invalid frontend qube"), logLines());
        assertTrue(register("u2f.Register", "work", "sys-usb", "x".repeat(64)));
    }

    @Test
    void aPolicyThatDoesNotLoadRegistersNothing() throws IOException {
        dir.write("70-broken.policy", "broken\n");
        assertFalse(register("u2f.Authenticate", "work", "sys-usb", "arg"));
        assertEquals(List.of("u2f.Authenticate: work \u2192 sys-usb arg argument failed: the policy does not load: "
                + dir.main.resolve("70-broken.policy") + ":1:1: wrong number of fields"), logLines());
        assertFalse(Files.exists(dir.main.resolve(FILE)));
    }

    @Test
    void aFileWithoutFinalNewlineGetsOneBeforeTheRule() throws IOException {
        dir.write(FILE, "# registered");
        assertTrue(register("u2f.Authenticate", "uuid:01234567-89ab-cdef-0123-456789abcdef", "sys-usb", "arg"));
        assertEquals("# registered\nu2f.Authenticate +arg uuid:01234567-89ab-cdef-0123-456789abcdef sys-usb allow\n",
                dir.read(FILE));
    }
}
