package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Loading with edits laid over the file system ({@link FileView#withOverrides}), as the admin service checks them. */
class FileViewOverlayTest extends ScratchTreeTest {
    private LoadResult loadWith(Map<Path, Optional<byte[]>> overrides) {
        return PolicyLoader.load(dirs.options().withView(FileView.real().withOverrides(overrides)));
    }

    private static Optional<byte[]> text(String text) {
        return Optional.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void newContentReplacesTheFileOnDisk() {
        dirs.file("etc/10-a.policy", "old * @anyvm @anyvm deny\n");
        LoadResult result = loadWith(Map.of(dirs.root.resolve("etc/10-a.policy"), text("new * @anyvm @anyvm deny\n")));
        assertEquals(List.of("etc/10-a.policy:1 new * @anyvm @anyvm deny"), dirs.rules(result));
    }

    @Test
    void aNewFileJoinsItsDirectoryAndARemovedOneLeavesIt() {
        dirs.file("etc/10-a.policy", "a * @anyvm @anyvm deny\n").file("etc/30-c.policy", "c * @anyvm @anyvm deny\n");
        LoadResult result = loadWith(Map.of(
                dirs.root.resolve("etc/./20-b.policy"), text("b * @anyvm @anyvm deny\n"),
                dirs.root.resolve("etc/30-c.policy"), Optional.empty()));
        assertEquals(List.of("etc/10-a.policy:1 a * @anyvm @anyvm deny", "etc/20-b.policy:1 b * @anyvm @anyvm deny"),
                dirs.rules(result));
    }

    @Test
    void includingAFileThatWillBeRemovedIsAnError() {
        dirs.file("etc/10-a.policy", "# c\n!include include/x\n").file("etc/include/x", "x * @anyvm @anyvm deny\n");
        Diagnostic d = loadWith(Map.of(dirs.root.resolve("etc/include/x"), Optional.empty())).firstError().orElseThrow();
        assertEquals(Diagnostic.error(Code.INCLUDE_OF_REMOVED_FILE, new Position(dirs.path("etc/10-a.policy"), 2, 1),
                "including a file that will be removed: " + dirs.path("etc/include/x")), d);
    }

    @Test
    void editsAreCheckedLikeFiles() {
        dirs.file("etc/10-a.policy", "");
        Diagnostic d = loadWith(Map.of(dirs.root.resolve("etc/10-a.policy"), Optional.of(new byte[] {'#', (byte) 0xff})))
                .firstError().orElseThrow();
        assertEquals(Diagnostic.error(Code.INVALID_UTF8, new Position(dirs.path("etc/10-a.policy"), 1, 2),
                "invalid UTF-8 in policy file"), d);
        d = loadWith(Map.of(dirs.root.resolve("etc/10-a.policy"), text("\nbad\n"))).firstError().orElseThrow();
        assertEquals(Diagnostic.error(Code.WRONG_FIELD_COUNT, new Position(dirs.path("etc/10-a.policy"), 2, 1),
                "wrong number of fields"), d);
    }

    @Test
    void anEditLargerThanAnyPolicyFileIsRefused() {
        String path = dirs.path("etc/10-a.policy");
        Diagnostic d = loadWith(Map.of(dirs.root.resolve("etc/10-a.policy"),
                Optional.of(new byte[PolicyLoader.MAX_FILE_BYTES + 1]))).firstError().orElseThrow();
        assertEquals(Diagnostic.error(Code.LOAD_FAILED, Position.of(path),
                "failed to load " + path + " file: larger than " + PolicyLoader.MAX_FILE_BYTES + " bytes"), d);
    }
}
