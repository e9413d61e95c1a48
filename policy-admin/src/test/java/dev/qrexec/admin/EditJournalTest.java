package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every change of the journal is real, and its revert restores the directory exactly. */
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

    @Test
    void revertUndoesCreatesReplacesAndRenames() throws Exception {
        Files.writeString(dir.resolve("a.policy"), "old a\n");
        Files.writeString(dir.resolve("a.policy.bak"), "an older backup\n");
        Files.writeString(dir.resolve("legacy"), "legacy\n");
        Files.writeString(dir.resolve("legacy.rpmsave"), "taken\n");
        Map<String, String> before = tree();
        EditJournal journal = new EditJournal();
        journal.write(dir.resolve("a.policy"), "new a\n");
        journal.write(dir.resolve("b.policy"), "new b\n");
        journal.create(dir.resolve("c"), "c\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(dir.resolve("legacy.rpmsave.rpmsave"), journal.rename(dir.resolve("legacy"), ".rpmsave"));
        assertEquals(Map.of("a.policy", "new a\n", "a.policy.bak", "an older backup\n", "a.policy.bak.bak", "old a\n",
                "b.policy", "new b\n", "c", "c\n", "legacy.rpmsave", "taken\n", "legacy.rpmsave.rpmsave", "legacy\n"),
                tree());
        assertEquals(List.of(), journal.revert());
        assertEquals(before, tree());
        assertEquals(List.of(), journal.changes());
    }
}
