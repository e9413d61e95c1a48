package dev.qrexec.cli.convert;

import dev.qrexec.admin.DirectoryLock;
import dev.qrexec.admin.EditJournal;
import dev.qrexec.admin.PolicyEdit;
import dev.qrexec.admin.PolicyTree;
import dev.qrexec.admin.Validation;
import dev.qrexec.admin.restore.RestoreOrder;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.parser.IoReason;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.OsErrors;
import dev.qrexec.parser.compat.StrictUtf8;
import dev.qrexec.parser.text.PolicyFileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qrexec-policy-restore} (also {@code qrexec-policy restore}): copies the
 * policy files of a backup ({@code *.policy} and {@code include/*}) into the live
 * policy directory, never overwriting a file there, each file after those it
 * includes. The policy as it will be is loaded first; if it would not load,
 * nothing is copied. The copy holds the admin services' directory lock and writes
 * every file atomically; a failure part way removes what was copied.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {
            "Restore policy files from a backup directory into the live policy directory without overwriting "
                    + "existing files; a file that exists is reported (not overwriting PATH) and skipped.",
            "Exit status: 0 when restored, 1 when nothing could be restored (the backup is unreadable, "
                    + "has an include cycle, or the result would not load), 2 on usage errors."})
public final class RestoreCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIRECTORY", description = "The backup: policy files, maybe with an include/ directory.")
    Path source;

    @Option(names = "--dest", paramLabel = "DIRECTORY",
            description = "The live policy directory (default: ${DEFAULT-VALUE}).")
    Path destination = Path.of("/etc/qubes/policy.d");

    @Option(names = "--legacy-dir", paramLabel = "DIR",
            description = "The R4.0 directory read by !compat-4.0 when checking the result "
                    + "(default: /etc/qubes-rpc/policy).")
    Path legacyDirectory;

    public RestoreCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (!spec.commandLine().getParseResult().hasMatchedOption("--dest") && !Files.isDirectory(destination)) {
            return fail(destination + " does not exist: this is not dom0, or the policy lives elsewhere; "
                    + "give the live policy directory with --dest");
        }
        Path include = destination.resolve("include");
        try {
            Files.createDirectories(include);
        } catch (IOException e) {
            io.err().println("cannot create directory " + include + " [" + OsErrors.strerror(e) + "]");
            return ExitCode.FAILURE;
        }
        if (Files.isSymbolicLink(include) || !Files.isDirectory(include, LinkOption.NOFOLLOW_LINKS)) {
            io.err().println(include + " is not a directory, aborting");
            return ExitCode.FAILURE;
        }
        try (DirectoryLock lock = DirectoryLock.acquire(destination)) {
            return restore(lock);
        } catch (IOException e) {
            return fail("cannot lock " + destination + ": " + e.getMessage());
        }
    }

    private int restore(DirectoryLock lock) {
        Map<String, byte[]> contents;
        List<String> order;
        try {
            contents = read();
            Map<String, PolicyFile> parsed = new HashMap<>();
            for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
                String text = StrictUtf8.decode(entry.getValue());
                parsed.put(entry.getKey(), PolicyFileParser.parse(source.resolve(entry.getKey()).toString(), text,
                        Syntax.CURRENT));
            }
            order = new RestoreOrder(parsed, destination.toAbsolutePath().normalize()).order();
        } catch (StrictUtf8.Invalid e) {
            return fail("a file of " + source + " is not UTF-8 text; nothing was restored");
        } catch (IOException e) {
            return fail("cannot read " + source + ": " + IoReason.of(e) + "; nothing was restored");
        } catch (RestoreOrder.OrderException e) {
            return fail(e.getMessage() + "; nothing was restored");
        }
        PolicyEdit edit = PolicyEdit.of(PolicyTree.ofDirectory(destination, legacyDirectory), PolicyEdit.Check.TOOL);
        for (String name : order) {
            Path target = destination.resolve(name);
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                edit.create(target, contents.get(name));
            }
        }
        Validation result;
        try {
            result = edit.validate();
        } catch (PolicyEdit.Unresolvable e) {
            return fail("cannot write " + e.file() + ": symlink loop; nothing was restored");
        }
        if (!result.ok()) {
            result.errors().forEach(d -> io.err().println(d.format()));
            return fail("the restored policy would not load; nothing was restored");
        }
        for (String name : order) {
            Path target = destination.resolve(name);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                io.err().println("not overwriting " + target);
            }
        }
        EditJournal.Committed committed;
        try {
            committed = edit.commit(lock, change -> { });
        } catch (PolicyEdit.Failed e) {
            e.revertProblems().forEach(problem -> io.err().println(spec.qualifiedName() + ": error: " + problem));
            return fail("cannot write " + e.change().file() + ": " + IoReason.of(e.reason())
                    + (e.revertProblems().isEmpty() ? "; the files restored before it were removed again" : ""));
        }
        int restored = committed.changed();
        io.out().println("restored " + restored + (restored == 1 ? " file" : " files") + " to " + destination);
        return ExitCode.OK;
    }

    /** The backup's files by relative name: top-level {@code *.policy}, then {@code include/*}. */
    private Map<String, byte[]> read() throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        if (!Files.isDirectory(source)) {
            throw new NoSuchFileException(source.toString(), null, "not a directory");
        }
        for (String directory : List.of("", "include")) {
            Path dir = source.resolve(directory);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path file : entries.sorted().toList()) {
                    String name = file.getFileName().toString();
                    boolean policy = !directory.isEmpty() || name.endsWith(".policy") && name.length() > ".policy".length();
                    if (policy && !name.startsWith(".") && Files.isRegularFile(file)) {
                        contents.put(directory.isEmpty() ? name : directory + "/" + name, Files.readAllBytes(file));
                    }
                }
            }
        }
        return contents;
    }

    private int fail(String message) {
        io.err().println(spec.qualifiedName() + ": error: " + message);
        return ExitCode.FAILURE;
    }
}
