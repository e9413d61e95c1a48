package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change of the journal is real; its revert restores the directory exactly, and
 * its commit leaves nothing but the new files (and the copies kept on purpose).
 */
class EditJournalTest {
    @TempDir
    Path dir;

    private Map<String, String> tree() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.list(dir)) {
            for (Path file : walk.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private EditJournal changeEverything() throws Exception {
        EditJournal journal = new EditJournal();
        journal.write(dir.resolve("a.policy"), bytes("new a\n"), true, Optional.empty());
        journal.write(dir.resolve("b.policy"), bytes("new b\n"), true, Optional.empty());
        journal.create(dir.resolve("c"), bytes("c\n"));
        assertEquals(dir.resolve("legacy.rpmsave.rpmsave"), journal.rename(dir.resolve("legacy"), ".rpmsave"));
        journal.delete(dir.resolve("d.policy"), true);
        journal.write(dir.resolve("e.policy"), bytes("new e\n"), true, Optional.of(".bak"));
        return journal;
    }

    private void writeInitialFiles() throws Exception {
        Files.writeString(dir.resolve("a.policy"), "old a\n");
        Files.writeString(dir.resolve("d.policy"), "old d\n");
        Files.writeString(dir.resolve("e.policy"), "old e\n");
        Files.writeString(dir.resolve("e.policy.bak"), "an older backup\n");
        Files.writeString(dir.resolve("legacy"), "legacy\n");
        Files.writeString(dir.resolve("legacy.rpmsave"), "taken\n");
    }

    @Test
    void revertUndoesCreatesReplacesRenamesAndDeletes() throws Exception {
        writeInitialFiles();
        Map<String, String> before = tree();
        EditJournal journal = changeEverything();
        Map<String, String> during = tree();
        assertEquals("new a\n", during.get("a.policy"));
        assertTrue(during.keySet().stream().filter(n -> n.startsWith(AtomicWriter.TEMP_PREFIX)).count() == 3,
                "the old a, d and e are kept aside under hidden names: " + during.keySet());
        assertEquals(List.of(), journal.revert());
        assertEquals(before, tree());
        assertEquals(0, journal.size());
    }

    @Test
    void commitLeavesOnlyTheNewFilesAndTheCopiesKeptOnPurpose() throws Exception {
        writeInitialFiles();
        EditJournal.Committed committed = changeEverything().commit();
        assertEquals(new EditJournal.Committed(6, Map.of(dir.resolve("e.policy"), dir.resolve("e.policy.bak.bak")),
                List.of()), committed);
        assertEquals(Map.of("a.policy", "new a\n", "b.policy", "new b\n", "c", "c\n", "e.policy", "new e\n",
                "e.policy.bak", "an older backup\n", "e.policy.bak.bak", "old e\n", "legacy.rpmsave", "taken\n",
                "legacy.rpmsave.rpmsave", "legacy\n"), tree());
    }

    @Test
    void aChangeThatIsNeverUndoneKeepsNoCopy() throws Exception {
        Files.writeString(dir.resolve("a.policy"), "old a\n");
        Files.writeString(dir.resolve("b.policy"), "old b\n");
        EditJournal journal = new EditJournal();
        journal.write(dir.resolve("a.policy"), bytes("new a\n"), false, Optional.empty());
        journal.delete(dir.resolve("b.policy"), false);
        assertEquals(Map.of("a.policy", "new a\n"), tree());
        assertEquals(new EditJournal.Committed(2, Map.of(), List.of()), journal.commit());
        assertEquals(Map.of("a.policy", "new a\n"), tree());
    }
}
