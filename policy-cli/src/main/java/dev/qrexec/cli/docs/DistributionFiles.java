package dev.qrexec.cli.docs;

import dev.qrexec.cli.Io;
import dev.qrexec.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import picocli.CommandLine;

/**
 * Writes the generated part of the distribution for every program of the
 * application ({@code qrexec-policy} and each drop-in tool name): a launcher in
 * {@code bin/} (the launcher script, and a relative symlink to it per tool name),
 * a manual page in {@code share/man/man1/} and a bash completion script in
 * {@code share/bash-completion/completions/}. The build runs it before packaging.
 */
public final class DistributionFiles {
    private final Path root;
    private final String version;

    /**
     * @param root    the directory to write {@code bin/} and {@code share/} into
     * @param version the version printed in the manual pages
     */
    public DistributionFiles(Path root, String version) {
        this.root = root;
        this.version = version;
    }

    /** {@code ROOT LAUNCHER VERSION}: writes the files under ROOT, copying the launcher script LAUNCHER. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: DistributionFiles ROOT LAUNCHER VERSION");
        }
        new DistributionFiles(Path.of(args[0]), args[2]).write(Path.of(args[1]));
    }

    /** Writes every program's launcher, manual page and completion script. */
    public void write(Path launcher) throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path man = Files.createDirectories(root.resolve("share/man/man1"));
        Path completions = Files.createDirectories(root.resolve("share/bash-completion/completions"));
        Files.copy(launcher, bin.resolve("qrexec-policy"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        ManPage pages = new ManPage(version);
        for (String program : Main.programs()) {
            CommandLine command = Main.commandLine(silentIo(), program);
            if (!program.equals("qrexec-policy")) {
                Path link = bin.resolve(program);
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, Path.of("qrexec-policy"));
            }
            Files.writeString(man.resolve(program + ".1"), pages.render(command), StandardCharsets.UTF_8);
            Files.writeString(completions.resolve(program), Completion.bash(program, command),
                    StandardCharsets.UTF_8);
        }
    }

    /** Streams for commands that are only described, never run. */
    private static Io silentIo() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return new Io(new ByteArrayInputStream(new byte[0]), nowhere, nowhere, Map.of());
    }
}
