package dev.qrexec.admin;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Blank;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.compat.Whitespace;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an edit against the whole policy as it would be afterwards, before anything
 * is written: the edited file laid over the disk, every file loaded with its includes
 * followed, exactly as the loader does for the daemon. The edit must keep loadable
 * both the main directory on its own (what remains after a reboot empties the runtime
 * directory) and, where a runtime directory exists, the runtime and main directories
 * together as the daemon reads them. A runtime directory that does not exist is left
 * out: the daemon cannot load without it, but no edit here could mend that.
 */
final class TreeValidator {
    private final AdminConfig config;
    private final FileView disk;
    private final Duration deadline;

    /**
     * Validates through {@code disk} (the real file system, but for tests), each load
     * abandoned as an error after {@code deadline}.
     */
    TreeValidator(AdminConfig config, FileView disk, Duration deadline) {
        this.config = config;
        this.disk = disk;
        this.deadline = deadline;
    }

    /** Loads the policy with {@code edit} applied in memory. */
    Validation check(Edit edit) {
        FileView view = disk.withOverrides(switch (edit) {
            case Edit.Write write -> Map.of(write.file(), Optional.of(write.content()));
            case Edit.Delete delete -> Map.of(delete.file(), Optional.<byte[]>empty());
        });
        List<LoadOptions> loads = new ArrayList<>();
        Path main = config.mainDirectory();
        if (edit instanceof Edit.Write && main.equals(edit.file().getParent())) {
            // The reference reads the other files before the one being replaced; so do we,
            // so that an error already elsewhere is reported as it reports it.
            loads.add(mainOnly(new HiddenEntry(view, main, edit.file().getFileName().toString())));
        }
        loads.add(mainOnly(view));
        if (runtimeInUse()) {
            loads.add(asDaemonSees(view));
        }
        List<Diagnostic> warnings = new ArrayList<>();
        for (LoadOptions options : loads) {
            LoadResult result = PolicyLoader.load(options);
            result.diagnostics().stream().filter(d -> !d.isError() && !warnings.contains(d)).forEach(warnings::add);
            Optional<Diagnostic> error = result.firstError();
            if (error.isPresent()) {
                return new Validation(error.map(this::withheld), warnings);
            }
            if (edit instanceof Edit.Write write && emptiesAnIncludedFile(write, result)) {
                return new Validation(Optional.of(Diagnostic.error(Code.INCLUDED_FILE_EMPTIED,
                        includedAt(write.file(), result), write.file() + " is still included: emptying it would "
                                + "silently drop its rules; write a comment into it to empty it on purpose, or "
                                + "remove the include first")), warnings);
            }
        }
        return new Validation(Optional.empty(), warnings);
    }

    /**
     * Whether a write leaves nothing but whitespace in a file of the include directory
     * that the policy still reads (an accidental truncation, most likely).
     */
    private boolean emptiesAnIncludedFile(Edit.Write write, LoadResult result) {
        Path file = write.file();
        if (!file.getParent().equals(config.directory(Scope.INCLUDE))
                || !Whitespace.strip(new String(write.content(), StandardCharsets.UTF_8)).isEmpty()) {
            return false;
        }
        return result.tree().files().stream().anyMatch(f -> Path.of(f.path()).equals(file));
    }

    /** The directive that includes {@code file} (the file itself when it cannot be told). */
    private Position includedAt(Path file, LoadResult result) {
        List<Path> bases = new ArrayList<>(List.of(config.mainDirectory(), config.legacyDirectory()));
        config.runtimeDirectory().ifPresent(bases::add);
        for (PolicyFile policyFile : result.tree().files()) {
            for (Line line : policyFile.lines()) {
                String written = switch (line) {
                    case Include include -> include.path();
                    case IncludeService include -> include.path();
                    case Rule rule -> null;
                    case LegacyRule rule -> null;
                    case IncludeDir directory -> null;
                    case Compat40 compat -> null;
                    case Comment comment -> null;
                    case Blank blank -> null;
                    case InvalidLine invalid -> null;
                };
                if (written != null && bases.stream().anyMatch(b -> b.resolve(written).normalize().equals(file))) {
                    return line.position();
                }
            }
        }
        return Position.of(file.toString());
    }

    /** The policy of the main directory as it is, loaded as for evaluation. */
    LoadResult loadMain() {
        return PolicyLoader.load(mainOnly(disk));
    }

    /** The policy as the daemon loads it now: the runtime directory (where there is one), then the main one. */
    LoadResult loadEffective() {
        return PolicyLoader.load(runtimeInUse() ? asDaemonSees(disk) : mainOnly(disk));
    }

    private boolean runtimeInUse() {
        return config.runtimeDirectory().filter(Files::isDirectory).isPresent();
    }

    private LoadOptions mainOnly(FileView view) {
        return new LoadOptions(List.of(config.mainDirectory()), config.legacyDirectory(), false, view, deadline);
    }

    private LoadOptions asDaemonSees(FileView view) {
        return new LoadOptions(List.of(config.runtimeDirectory().orElseThrow(), config.mainDirectory()),
                config.legacyDirectory(), false, view, deadline);
    }

    /**
     * The diagnostic, except that a syntax error in a file outside the policy
     * directories (reached through an absolute or {@code ..} include) loses its
     * message: it would quote that file's text to the caller.
     */
    Diagnostic withheld(Diagnostic diagnostic) {
        if (!diagnostic.code().isSyntax() || isTrusted(Path.of(diagnostic.position().file()))) {
            return diagnostic;
        }
        return new Diagnostic(diagnostic.code(), diagnostic.severity(), diagnostic.position(),
                "invalid policy line in a file outside the policy directories (details withheld)", "");
    }

    private boolean isTrusted(Path file) {
        Path normal = file.toAbsolutePath().normalize();
        return normal.startsWith(config.mainDirectory()) || normal.startsWith(config.legacyDirectory())
                || config.runtimeDirectory().map(normal::startsWith).orElse(false);
    }
}
