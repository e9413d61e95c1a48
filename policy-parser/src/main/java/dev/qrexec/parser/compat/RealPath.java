package dev.qrexec.parser.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * Canonical paths the way the reference computes them (POSIX {@code realpath} in
 * non-strict mode): symlinks are followed in every component that exists,
 * {@code ..} goes up from the path resolved so far, and components that do not exist
 * are kept as written. Unlike the reference, a symlink loop is an exception, not a crash.
 */
public final class RealPath {
    private RealPath() {}

    /** A path runs into a loop of symlinks. */
    public static final class SymlinkLoopException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String path;

        SymlinkLoopException(String path) {
            super("symlink loop at " + path, null, false, false);
            this.path = path;
        }

        /** The symlink at which the loop was found. */
        public String path() {
            return path;
        }
    }

    /** The canonical absolute form of {@code path} (relative paths start at the working directory). */
    public static Path resolve(Path path) throws SymlinkLoopException {
        String absolute = path.toAbsolutePath().toString();
        return Path.of(join("/", absolute, new HashMap<>()));
    }

    private static String join(String path, String rest, Map<String, String> seen) throws SymlinkLoopException {
        if (rest.startsWith("/")) {
            path = "/";
            rest = rest.substring(1);
        }
        while (!rest.isEmpty()) {
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            rest = slash < 0 ? "" : rest.substring(slash + 1);
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                int last = path.lastIndexOf('/');
                path = last <= 0 ? "/" : path.substring(0, last);
                continue;
            }
            String next = path.equals("/") ? "/" + name : path + "/" + name;
            Path nextPath = Path.of(next);
            if (!isSymlink(nextPath)) {
                path = next;
                continue;
            }
            if (seen.containsKey(next)) {
                String resolved = seen.get(next);
                if (resolved == null) {
                    throw new SymlinkLoopException(next);
                }
                path = resolved;
                continue;
            }
            String target;
            try {
                target = Files.readSymbolicLink(nextPath).toString();
            } catch (IOException | UnsupportedOperationException e) {
                path = next;
                continue;
            }
            seen.put(next, null);
            path = join(path, target, seen);
            seen.put(next, path);
        }
        return path;
    }

    private static boolean isSymlink(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
    }
}
