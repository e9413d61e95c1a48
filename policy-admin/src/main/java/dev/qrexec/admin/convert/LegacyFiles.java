package dev.qrexec.admin.convert;

import dev.qrexec.parser.compat.Charsets;
import dev.qrexec.parser.load.FileView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The R4.0 per-service policy files of a legacy directory: the entries
 * {@code !compat-4.0} reads (regular files with a service-name character set, not
 * hidden, not {@code .rpmsave}, {@code .rpmnew} or {@code .swp} leftovers).
 */
public final class LegacyFiles {
    private static final Set<String> IGNORED_SUFFIXES = Set.of(".rpmsave", ".rpmnew", ".swp");

    private LegacyFiles() {}

    /** The per-service files of {@code directory}, sorted by name; none when it does not exist. */
    public static List<Path> of(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(LegacyFiles::isPolicy).sorted().toList();
        }
    }

    private static boolean isPolicy(Path entry) {
        String name = entry.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String suffix = dot > 0 && dot < name.length() - 1 ? name.substring(dot) : "";
        return !name.startsWith(".") && !IGNORED_SUFFIXES.contains(suffix)
                && name.codePoints().allMatch(cp -> Charsets.isServiceChar(cp, true))
                && Files.isRegularFile(entry);
    }

    /** {@code view} with the legacy directory seen as empty: the policy as it is once the files are renamed. */
    public static FileView without(FileView view, Path directory) {
        return new FileView() {
            @Override
            public Kind kind(Path path) {
                return view.kind(path);
            }

            @Override
            public List<String> list(Path listed) throws IOException {
                return listed.equals(directory) ? List.of() : view.list(listed);
            }

            @Override
            public byte[] read(Path file) throws IOException {
                return view.read(file);
            }

            @Override
            public Path realPath(Path path) throws dev.qrexec.parser.compat.RealPath.SymlinkLoopException {
                return view.realPath(path);
            }

            @Override
            public boolean isRemoved(Path canonical) {
                return view.isRemoved(canonical);
            }
        };
    }
}
