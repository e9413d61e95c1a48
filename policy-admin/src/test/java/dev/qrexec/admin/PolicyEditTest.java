package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several files changed as one transaction, on real files. */
class PolicyEditTest {
    @TempDir
    Path scratch;

    Path policy;
    PolicyTree tree;
    DirectoryLock lock;

    @BeforeEach
    void setUp() throws Exception {
        policy = Files.createDirectories(scratch.toRealPath().resolve("policy.d/include")).getParent();
        tree = PolicyTree.ofDirectory(policy, scratch.resolve("legacy"));
        Files.writeString(policy.resolve("30-user.policy"), "!include include/extra\n");
        Files.writeString(policy.resolve("include/extra"), "qubes.Gpg * work vault allow\n");
        Files.writeString(policy.resolve("40-other.policy"), "qubes.Other * @anyvm @anyvm deny\n");
        lock = DirectoryLock.acquire(policy);
    }

    @AfterEach
    void unlock() throws Exception {
        lock.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private PolicyEdit tool() {
        return PolicyEdit.of(tree, PolicyEdit.Check.TOOL);
    }

    /** Every entry under the policy directory, hidden ones too: name, mode and bytes. */
    private Map<String, String> snapshot() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(policy)) {
            for (Path file : walk.filter(f -> !f.equals(policy)).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                files.put(policy.relativize(file).toString(), mode + " " + (Files.isRegularFile(file)
                        ? Arrays.toString(Files.readAllBytes(file)) : "directory"));
            }
        }
        return files;
    }

    @Test
    void theTreeIsLoadedAsItWillBeBeforeAnythingIsWritten() throws Exception {
        Validation asItWillBe = tool().write(policy.resolve("include/extra"), bytes("bad line\n"))
                .setAside(policy.resolve("30-user.policy"), ".bak").validate();
        assertTrue(asItWillBe.ok(), asItWillBe.errors().toString());
        Validation broken = tool().write(policy.resolve("include/extra"), bytes("bad line\n"))
                .write(policy.resolve("50-x.policy"), bytes("also bad\n")).validate();
        assertEquals(List.of(policy.resolve("include/extra") + ":1:1: error: wrong number of fields",
                policy.resolve("50-x.policy") + ":1:1: error: wrong number of fields"),
                broken.errors().stream().map(d -> d.format()).toList());
        assertEquals("qubes.Gpg * work vault allow\n", Files.readString(policy.resolve("include/extra")));
        assertFalse(Files.exists(policy.resolve("50-x.policy")));
    }

    @Test
    void aServiceCheckStopsAtTheFirstErrorAndRefusesRemovingAnIncludedFile() throws Exception {
        PolicyEdit removal = PolicyEdit.of(tree, PolicyEdit.Check.SERVICE).delete(policy.resolve("include/extra"));
        assertEquals(List.of(policy.resolve("30-user.policy") + ":1:1: error: including a file that will be removed: "
                + policy.resolve("include/extra")), removal.validate().errors().stream().map(d -> d.format()).toList());
    }

    @Test
    void appliesEveryChangeInOrderAndCanRevertThemAll() throws Exception {
        Map<String, String> before = snapshot();
        List<Path> told = new ArrayList<>();
        EditJournal journal = tool().create(policy.resolve("50-new.policy"), bytes("qubes.A * @anyvm @anyvm deny\n"))
                .write(policy.resolve("include/extra"), bytes("qubes.B * work vault allow\n"))
                .setAside(policy.resolve("30-user.policy"), ".rpmsave")
                .delete(policy.resolve("40-other.policy"))
                .apply(lock, change -> told.add(change.file()));
        assertEquals(List.of(policy.resolve("50-new.policy"), policy.resolve("include/extra"),
                policy.resolve("30-user.policy"), policy.resolve("40-other.policy")), told);
        assertEquals("qubes.B * work vault allow\n", Files.readString(policy.resolve("include/extra")));
        assertTrue(Files.exists(policy.resolve("30-user.policy.rpmsave")));
        assertFalse(Files.exists(policy.resolve("40-other.policy")));
        assertEquals(List.of(), journal.revert());
        assertEquals(before, snapshot());
    }

    @Test
    void aFailureInTheMiddleRevertsEverythingByteForByte() throws Exception {
        Map<String, String> before = snapshot();
        PolicyEdit edit = tool().write(policy.resolve("include/extra"), bytes("qubes.B * work vault allow\n"))
                .delete(policy.resolve("40-other.policy"))
                .create(policy.resolve("20-new.policy"), bytes("qubes.C * @anyvm @anyvm deny\n"))
                .write(policy.resolve("no-such-directory/file"), bytes("x\n"))
                .write(policy.resolve("30-user.policy"), bytes("# never written\n"));
        PolicyEdit.Failed failed = assertThrows(PolicyEdit.Failed.class, () -> edit.commit(lock, change -> { }));
        assertEquals(policy.resolve("no-such-directory/file"), failed.change().file());
        assertInstanceOf(NoSuchFileException.class, failed.reason());
        assertEquals(List.of(), failed.revertProblems());
        assertEquals(before, snapshot());
    }

    @Test
    void aFileThatExistsAlreadyIsNotCreatedAndTheEarlierChangesAreReverted() throws Exception {
        Map<String, String> before = snapshot();
        PolicyEdit edit = tool().write(policy.resolve("include/extra"), bytes("qubes.B * work vault allow\n"))
                .create(policy.resolve("30-user.policy"), bytes("# exists already\n"));
        PolicyEdit.Failed failed = assertThrows(PolicyEdit.Failed.class, () -> edit.commit(lock, change -> { }));
        assertEquals(policy.resolve("30-user.policy"), failed.change().file());
        assertInstanceOf(FileAlreadyExistsException.class, failed.reason());
        assertEquals(before, snapshot());
    }

    @Test
    void aCommittedEditLeavesNoCopiesOrTemporaryFiles() throws Exception {
        Files.writeString(policy.resolve(AtomicWriter.TEMP_PREFIX + "0011"), "left by a killed writer");
        EditJournal.Committed committed = tool()
                .write(policy.resolve("include/extra"), bytes("qubes.B * work vault allow\n"))
                .write(policy.resolve("30-user.policy"), bytes("!include include/extra\n# more\n"))
                .delete(policy.resolve("40-other.policy"))
                .create(policy.resolve("20-new.policy"), bytes("qubes.C * @anyvm @anyvm deny\n"))
                .commit(lock, change -> { });
        assertEquals(new EditJournal.Committed(4, Map.of(), List.of()), committed);
        assertEquals(List.of("20-new.policy", "30-user.policy", "include", "include/extra"),
                List.copyOf(snapshot().keySet()));
        assertEquals("!include include/extra\n# more\n", Files.readString(policy.resolve("30-user.policy")));
    }

    @Test
    void aCopyKeptOnPurposeIsNamedByTheCommit() throws Exception {
        EditJournal.Committed committed = tool()
                .writeKeepingCopy(policy.resolve("30-user.policy"), bytes("# new\n"), ".bak")
                .writeKeepingCopy(policy.resolve("35-new.policy"), bytes("# new too\n"), ".bak")
                .commit(lock, change -> { });
        assertEquals(Map.of(policy.resolve("30-user.policy"), policy.resolve("30-user.policy.bak")), committed.kept());
        assertEquals("!include include/extra\n", Files.readString(policy.resolve("30-user.policy.bak")));
        assertEquals(List.of("30-user.policy", "30-user.policy.bak", "35-new.policy", "40-other.policy", "include",
                "include/extra"), List.copyOf(snapshot().keySet()));
    }
}
