package dev.qrexec.admin;

import dev.qrexec.parser.compat.RealPath;
import dev.qrexec.parser.load.LoadOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the admin services work.
 *
 * @param mainDirectory    the policy directory they edit (canonical), with {@code include/} below it
 * @param runtimeDirectory the directory the daemon reads before the main one, whose files
 *                         shadow main files of the same name; validation takes it into account
 * @param legacyDirectory  the R4.0 directory that {@code !compat-4.0} reads
 * @param logFile          where every call is logged
 */
public record AdminConfig(Path mainDirectory, Optional<Path> runtimeDirectory, Path legacyDirectory, Path logFile) {
    /** Replaces the main policy directory (the reference's variable). */
    public static final String POLICY_DIR = "QREXEC_POLICY_DIR";
    /** Replaces the runtime policy directory; empty: none. */
    public static final String RUNTIME_DIR = "QREXEC_POLICY_RUNTIME_DIR";
    /** Replaces the legacy directory read by {@code !compat-4.0}. */
    public static final String LEGACY_DIR = "QREXEC_POLICY_LEGACY_DIR";
    /** Replaces the log file (the reference's variable). */
    public static final String ADMIN_LOG = "QREXEC_POLICY_ADMIN_LOG";

    public static final Path DEFAULT_MAIN_DIRECTORY = Path.of("/etc/qubes/policy.d");
    public static final Path DEFAULT_RUNTIME_DIRECTORY = Path.of("/run/qubes/policy.d");
    public static final Path DEFAULT_LOG_FILE = Path.of("/var/log/qubes/policy-admin.log");

    public AdminConfig {
        Objects.requireNonNull(mainDirectory, "mainDirectory");
        Objects.requireNonNull(runtimeDirectory, "runtimeDirectory");
        Objects.requireNonNull(legacyDirectory, "legacyDirectory");
        Objects.requireNonNull(logFile, "logFile");
        mainDirectory = canonical(mainDirectory);
        runtimeDirectory = runtimeDirectory.map(AdminConfig::canonical);
    }

    /**
     * The configuration the environment asks for. Without {@code QREXEC_POLICY_DIR}
     * the system's directories: {@code /etc/qubes/policy.d}, edited, and
     * {@code /run/qubes/policy.d}, read as the daemon reads it. With it, that directory
     * alone, unless {@code QREXEC_POLICY_RUNTIME_DIR} names a runtime directory too.
     * An empty {@code QREXEC_POLICY_DIR} counts as unset (never the working directory).
     */
    public static AdminConfig fromEnvironment(Map<String, String> env) {
        String main = env.getOrDefault(POLICY_DIR, "");
        String runtime = env.get(RUNTIME_DIR);
        Optional<Path> runtimeDirectory = runtime == null
                ? (main.isEmpty() ? Optional.of(DEFAULT_RUNTIME_DIRECTORY) : Optional.empty())
                : Optional.of(runtime).filter(r -> !r.isEmpty()).map(Path::of);
        return new AdminConfig(
                Path.of(nonEmpty(main, DEFAULT_MAIN_DIRECTORY)),
                runtimeDirectory,
                Path.of(nonEmpty(env.get(LEGACY_DIR), LoadOptions.DEFAULT_LEGACY_DIRECTORY)),
                Path.of(nonEmpty(env.get(ADMIN_LOG), DEFAULT_LOG_FILE)));
    }

    private static String nonEmpty(String value, Path otherwise) {
        return value == null || value.isEmpty() ? otherwise.toString() : value;
    }

    /** The directory of a scope. */
    public Path directory(Scope scope) {
        return scope.directory(mainDirectory);
    }

    /**
     * The absolute path with symlinks resolved, so that a symlinked policy directory
     * still contains its own files; a path caught in a symlink loop stays as written
     * (using it fails later with a clear error).
     */
    private static Path canonical(Path path) {
        try {
            return RealPath.resolve(path);
        } catch (RealPath.SymlinkLoopException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
