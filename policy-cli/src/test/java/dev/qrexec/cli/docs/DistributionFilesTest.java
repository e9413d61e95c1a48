package dev.qrexec.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void pagesHaveANameLineExitStatusAndExamplesAndHideTheToolsForTests() throws Exception {
        Path root = dir.resolve("dist");
        new DistributionFiles(root, "9.9").write(Files.writeString(dir.resolve("launcher"), "#!/bin/sh\n"));
        for (String program : Main.programs()) {
            String page = Files.readString(root.resolve("share/man/man1").resolve(program + ".1"));
            String name = program.replace("-", "\\-");
            String nameLine = page.lines().dropWhile(l -> !l.equals(".SH NAME")).skip(1).findFirst().orElseThrow();
            assertTrue(nameLine.startsWith(name + " \\- ") && nameLine.length() < 100, nameLine);
            assertTrue(page.contains("\n.SH EXIT STATUS\n.TP\n0\n"), program);
            if (!program.equals("qubes-policy-admin") && !program.equals("policy.RegisterArgument")) {
                assertTrue(page.contains("\n.SH EXAMPLES\n.TP\n.B " + name), program);
            }
        }
        String main = Files.readString(root.resolve("share/man/man1/qrexec-policy.1"));
        assertFalse(main.contains("bench") || main.contains("qubesd\\-standin"), main);
        String completion = Files.readString(root.resolve("share/bash-completion/completions/qrexec-policy"));
        assertFalse(completion.contains("bench") || completion.contains("qubesd-standin"), completion);
    }

    @Test
    void completionOffersDirectoriesForPolicyDirectoriesAndPolicyNamesForQubesPolicy() throws Exception {
        Path root = dir.resolve("dist");
        new DistributionFiles(root, "9.9").write(Files.writeString(dir.resolve("launcher"), "#!/bin/sh\n"));
        Path completions = root.resolve("share/bash-completion/completions");
        String check = Files.readString(completions.resolve("qrexec-policy"));
        assertTrue(check.contains("""
                    '--policy-dir')
                      local IFS=$'\\n'
                      type compopt &>/dev/null && compopt -o filenames
                      COMPREPLY=( $( compgen -d -- "${curr_word}" ) ) # directories
                """), check);
        String daemon = Files.readString(completions.resolve("qrexec-policy-daemon"));
        assertTrue(daemon.contains("""
                    '--policy-dir'|'--policy-path')
                      local IFS=$'\\n'
                      type compopt &>/dev/null && compopt -o filenames
                      COMPREPLY=( $( compgen -d -- "${curr_word}" ) ) # directories
                """), daemon);
        assertTrue(daemon.contains("'--socket-path')\n      local IFS=$'\\n'\n"
                + "      type compopt &>/dev/null && compopt -o filenames\n"
                + "      COMPREPLY=( $( compgen -f -- \"${curr_word}\" ) ) # files\n"), daemon);
        String files = Files.readString(completions.resolve("qubes-policy"));
        assertTrue(files.contains("local positionals=$( { ls /etc/qubes/policy.d 2>/dev/null | sed -n 's/\\.policy$//p'; "
                + "ls /etc/qubes/policy.d/include 2>/dev/null | sed 's|^|include/|'; } )\n"), files);
    }
}
