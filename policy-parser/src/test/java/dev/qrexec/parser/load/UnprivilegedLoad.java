package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qrexec.grammar.PolicyParser;
import dev.qrexec.parser.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.antlr.v4.runtime.CharStream;

/**
 * A load as the unprivileged user nobody, for the tests of unreadable files: root
 * reads every file whatever its mode, so as root the load runs in a child JVM
 * started through {@code setpriv}, on a copy of the class path that nobody can read.
 * Its {@link #main} prints the first error as {@code CODE|FILE|LINE|COLUMN|MESSAGE}.
 */
final class UnprivilegedLoad {
    private UnprivilegedLoad() {}

    /** Whether this process reads files whatever their mode (root). */
    static boolean privileged() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The first error of loading {@code directories} (legacy directory {@code legacy}) as
     * nobody, in the child JVM's words; {@code scratch} must be where the tree is, and is
     * opened to others (mode 0755 up to it) so that nobody can reach the tree.
     */
    static String firstError(Path scratch, List<Path> directories, Path legacy) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is needed to drop root");
        for (Path dir = scratch; dir != null && !dir.equals(dir.getRoot()); dir = dir.getParent()) {
            if (dir.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toRealPath())) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Path classes = Files.createDirectories(scratch.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(UnprivilegedLoad.class, PolicyLoader.class, PolicyParser.class, CharStream.class)) {
            Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath());
            Path copy = classes.resolve(entries.size() + (Files.isDirectory(source) ? "" : ".jar"));
            if (Files.isDirectory(source)) {
                try (var walk = Files.walk(source)) {
                    for (Path file : walk.toList()) {
                        Path target = copy.resolve(source.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(source, copy);
            }
            entries.add(copy.toString());
        }
        try (var walk = Files.walk(classes)) {
            for (Path file : walk.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                        Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-cp", String.join(":", entries), UnprivilegedLoad.class.getName(), legacy.toString()));
        directories.forEach(d -> command.add(d.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    /** The first error, on standard output, of loading the given directories. */
    static String format(Diagnostic d) {
        return d.code() + "|" + d.position().file() + "|" + d.position().line() + "|" + d.position().column() + "|"
                + d.message() + "\n";
    }

    /** {@code LEGACY DIRECTORY...}: loads and prints the first error (or nothing). */
    public static void main(String[] args) {
        List<Path> directories = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            directories.add(Path.of(args[i]));
        }
        LoadResult result = PolicyLoader.load(new LoadOptions(directories, Path.of(args[0]), false, FileView.real()));
        result.firstError().ifPresent(d -> System.out.print(format(d)));
    }
}
