package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several files changed as one transaction, on real files. */
class PolicyEditTest {
    @TempDir
    Path scratch;

    Path policy;
    LoadOptions options;

    @BeforeEach
    void setUp() throws Exception {
        policy = Files.createDirectories(scratch.toRealPath().resolve("policy.d/include")).getParent();
        options = LoadOptions.defaults().withDirectories(List.of(policy)).withLegacyDirectory(scratch.resolve("legacy"));
        Files.writeString(policy.resolve("30-user.policy"), "!include include/extra\n");
        Files.writeString(policy.resolve("include/extra"), "qubes.Gpg * work vault allow\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theTreeIsLoadedAsItWillBeBeforeAnythingIsWritten() throws Exception {
        PolicyEdit edit = new PolicyEdit().write(policy.resolve("include/extra"), bytes("bad line\n"))
                .setAside(policy.resolve("30-user.policy"), ".bak");
        LoadResult asItWillBe = edit.load(options);
        assertTrue(asItWillBe.ok(), asItWillBe.diagnostics().toString());
        assertEquals(List.of(), asItWillBe.tree().rules());
        PolicyEdit broken = new PolicyEdit().write(policy.resolve("include/extra"), bytes("bad line\n"));
        assertEquals(policy.resolve("include/extra") + ":1:1: error: wrong number of fields",
                broken.load(options).errors().getFirst().format());
        assertEquals("qubes.Gpg * work vault allow\n", Files.readString(policy.resolve("include/extra")));
    }

    @Test
    void appliesEveryChangeInOrderAndCanRevertThemAll() throws Exception {
        List<Path> told = new ArrayList<>();
        EditJournal journal = new PolicyEdit().create(policy.resolve("40-new.policy"), bytes("qubes.A * @anyvm @anyvm deny\n"))
                .write(policy.resolve("include/extra"), bytes("qubes.B * work vault allow\n"))
                .setAside(policy.resolve("30-user.policy"), ".rpmsave")
                .apply(change -> told.add(change.file()));
        assertEquals(List.of(policy.resolve("40-new.policy"), policy.resolve("include/extra"),
                policy.resolve("30-user.policy")), told);
        assertEquals("qubes.B * work vault allow\n", Files.readString(policy.resolve("include/extra")));
        assertTrue(Files.exists(policy.resolve("30-user.policy.rpmsave")));
        assertEquals(List.of(), journal.revert());
        assertFalse(Files.exists(policy.resolve("40-new.policy")));
        assertEquals("!include include/extra\n", Files.readString(policy.resolve("30-user.policy")));
        assertEquals("qubes.Gpg * work vault allow\n", Files.readString(policy.resolve("include/extra")));
    }

    @Test
    void aFailedChangeRevertsTheOnesBeforeIt() throws Exception {
        PolicyEdit edit = new PolicyEdit().write(policy.resolve("include/extra"), bytes("qubes.B * work vault allow\n"))
                .create(policy.resolve("30-user.policy"), bytes("# exists already\n"));
        PolicyEdit.Failed failed = assertThrows(PolicyEdit.Failed.class, () -> edit.apply(change -> { }));
        assertEquals(policy.resolve("30-user.policy"), failed.change().file());
        assertTrue(failed.reason() instanceof FileAlreadyExistsException, failed.reason().toString());
        assertEquals(List.of(), failed.revertProblems());
        assertEquals("qubes.Gpg * work vault allow\n", Files.readString(policy.resolve("include/extra")));
        assertEquals("!include include/extra\n", Files.readString(policy.resolve("30-user.policy")));
    }
}
