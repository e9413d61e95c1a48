package dev.qrexec.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated launchers, manual pages and completion scripts cover every program. */
class DistributionFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesALauncherPageAndCompletionPerProgram() throws Exception {
        Path launcher = Files.writeString(dir.resolve("launcher"), "#!/bin/sh\n");
        Path root = dir.resolve("dist");
        new DistributionFiles(root, "9.9").write(launcher);
        assertTrue(Main.programs().contains("qrexec-policy-graph"), "the graph drop-in is registered");
        for (String program : Main.programs()) {
            Path bin = root.resolve("bin").resolve(program);
            if (program.equals("qrexec-policy")) {
                assertEquals("#!/bin/sh\n", Files.readString(bin));
            } else {
                assertEquals(Path.of("qrexec-policy"), Files.readSymbolicLink(bin), program);
            }
            String page = Files.readString(root.resolve("share/man/man1").resolve(program + ".1"));
            assertTrue(page.startsWith(".TH \"" + program.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-")
                    + "\" 1 \"\" \"qrexec\\-policy 9.9\""), page);
            String completion = Files.readString(root.resolve("share/bash-completion/completions").resolve(program));
            assertTrue(completion.contains("complete -F"), completion);
        }
        try (Stream<Path> files = Files.list(root.resolve("bin"))) {
            assertEquals(Main.programs().size(), files.count());
        }
        String graph = Files.readString(root.resolve("share/bash-completion/completions/qrexec-policy-graph"));
        assertTrue(graph.contains("--include-ask") && graph.contains("(\"dot\" \"svg\" \"png\")"), graph);
    }
}
