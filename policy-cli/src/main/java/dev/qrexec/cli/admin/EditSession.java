package dev.qrexec.cli.admin;

import dev.qrexec.admin.AdminCallException;
import dev.qrexec.admin.Fetched;
import dev.qrexec.admin.LineMerge;
import dev.qrexec.admin.PolicyClient;
import dev.qrexec.admin.Refusal;
import dev.qrexec.admin.RefusalKind;
import dev.qrexec.admin.Scope;
import dev.qrexec.admin.Transport;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.lsp.EditCheck;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.compat.PythonRepr;
import dev.qrexec.parser.compat.StrictUtf8;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One run of the policy editor: fetch the file and its token, let the user edit a
 * private temporary copy, and save it with that token. Before sending it, the editor
 * checks the whole policy with the text in place and shows every error and the
 * warnings of the file, as the language server does; with errors (or when the
 * services refuse the change) the user edits again or quits.
 * When someone else changed the file meanwhile, the user's text is not lost: it is
 * merged three-way with the new version and offered for saving or editing. The copy
 * is removed once the file is saved or the user quits; whenever the editor gives up
 * otherwise, it says where the user's text is.
 */
final class EditSession {
    private static final String EDITOR_COMMAND = "${VISUAL:-${EDITOR:-vi}} -- \"$1\"";
    private static final String EDIT_AGAIN = "(e)dit again";
    private static final String EDIT_MERGED = "(e)dit the merged text";
    private static final String SAVE_MERGED = "(s)ave the merged text";
    private static final String QUIT = "(q)uit without saving changes?";

    /** What comes next. */
    private enum Next {
        /** Open the editor on the copy, then save. */
        EDIT,
        /** Save the copy. */
        SAVE,
        /** Saved: done. */
        SAVED,
        /** The user gives up: remove the copy. */
        QUIT,
        /** Failed (the reason is printed): keep the copy and say where it is. */
        KEEP
    }

    private final Io io;
    private final PolicyClient client;
    private final Precheck precheck;
    private final FileArgument file;
    private BufferedReader answers;
    /** The version the user's text is based on, and its token. */
    private String base;
    private String token;
    private Path copy;

    EditSession(Io io, Transport transport, Precheck precheck, FileArgument file) {
        this.io = io;
        this.client = new PolicyClient(transport);
        this.precheck = precheck;
        this.file = file;
    }

    int run() throws IOException {
        if (!fetch()) {
            return ExitCode.FAILURE;
        }
        String tmpdir = io.env().getOrDefault("TMPDIR", "");
        copy = Files.createTempFile(Path.of(tmpdir.isEmpty() ? "/tmp" : tmpdir), "tmp",
                file.scope() == Scope.INCLUDE ? "_include_" + file.name() : "_" + file.name() + ".policy");
        Files.writeString(copy, base, StandardCharsets.UTF_8);
        Next next = Next.EDIT;
        while (true) {
            switch (next) {
                case EDIT -> next = edit();
                case SAVE -> next = save();
                case SAVED -> {
                    return ExitCode.OK;
                }
                case QUIT -> {
                    Files.deleteIfExists(copy);
                    return ExitCode.OK;
                }
                case KEEP -> {
                    io.err().println("Your text is kept in " + copy);
                    return ExitCode.FAILURE;
                }
            }
        }
    }

    /** Gets the file and its token into {@link #base} and {@link #token}; a missing file is empty, to be created. */
    private boolean fetch() {
        String failure;
        try {
            Fetched fetched = client.get(file.scope(), file.name());
            base = StrictUtf8.decode(fetched.content());
            token = fetched.token();
            return true;
        } catch (AdminCallException e) {
            if (e.refusal().map(Refusal::kind).orElse(null) == RefusalKind.FILE_NOT_FOUND) {
                base = "";
                token = "new";
                return true;
            }
            failure = e.getMessage();
        } catch (StrictUtf8.Invalid e) {
            failure = "it is not UTF-8 text";
        } catch (IOException e) {
            failure = e.getMessage();
        }
        io.err().println("Failed to get policy " + PythonRepr.str(file.name()) + ": " + failure);
        return false;
    }

    /** Runs the user's editor on the copy. */
    private Next edit() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", EDITOR_COMMAND, "sh", copy.toString())
                .inheritIO();
        builder.environment().clear();
        builder.environment().putAll(io.env());
        int status;
        try {
            status = builder.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        if (status != 0) {
            io.err().println("Failed to open editor: the editor exited with status " + status);
            return Next.KEEP;
        }
        return Next.SAVE;
    }

    /**
     * Replaces the file with the copy's text ({@code \r\n} and {@code \r} read as
     * {@code \n}). A stale token leads to the merge, a refused change to the prompt.
     */
    private Next save() throws IOException {
        String text;
        try {
            text = StrictUtf8.decode(Files.readAllBytes(copy)).replace("\r\n", "\n").replace('\r', '\n');
        } catch (StrictUtf8.Invalid e) {
            io.err().println(copy + " is not valid UTF-8 text.");
            return ask("Validation failed, do you want to:", EDIT_AGAIN, QUIT);
        }
        List<Diagnostic> found = precheck.check(file, text.getBytes(StandardCharsets.UTF_8));
        found.forEach(d -> io.err().println(EditCheck.text(d)));
        if (found.stream().anyMatch(Diagnostic::isError)) {
            return ask("Validation failed, do you want to:", EDIT_AGAIN, QUIT);
        }
        try {
            client.replace(file.scope(), file.name(), text.getBytes(StandardCharsets.UTF_8), token);
            Files.deleteIfExists(copy);
            return Next.SAVED;
        } catch (AdminCallException e) {
            RefusalKind kind = e.refusal().map(Refusal::kind).orElse(null);
            if (kind == RefusalKind.TOKEN) {
                return merge(text);
            }
            if (kind == RefusalKind.SYNTAX) {
                io.err().println(e.getMessage());
                return ask("Validation failed, do you want to:", EDIT_AGAIN, QUIT);
            }
            io.err().println(replaceFailure(e.getMessage()));
            return Next.KEEP;
        } catch (IOException e) {
            io.err().println(replaceFailure(e.getMessage()));
            return Next.KEEP;
        }
    }

    /** Someone else changed the file: merge the user's text into their version. */
    private Next merge(String ours) throws IOException {
        String original = base;
        if (!fetch()) {
            return Next.KEEP;
        }
        LineMerge.Result merged = LineMerge.merge(original, ours, base);
        Files.writeString(copy, merged.text(), StandardCharsets.UTF_8);
        io.err().println("Someone else changed " + label() + " while you were editing it.");
        return switch (merged) {
            case LineMerge.Clean clean -> ask("Your changes do not overlap with theirs and were merged into "
                    + "the current version. Do you want to:", SAVE_MERGED, EDIT_MERGED, QUIT);
            case LineMerge.Conflicted conflicted -> ask("Your changes and theirs overlap in "
                    + conflicted.conflicts() + " place(s); both versions are kept there, between '"
                    + LineMerge.OURS_MARKER + "' and '" + LineMerge.THEIRS_MARKER + "' lines. Do you want to:",
                    EDIT_MERGED, QUIT);
        };
    }

    /** Shows the choices, each starting with its letter in parentheses, until one is picked. */
    private Next ask(String question, String... choices) throws IOException {
        if (answers == null) {
            answers = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        }
        io.err().println(question);
        for (String choice : choices) {
            io.err().println("  " + choice);
        }
        while (true) {
            io.err().print("What now? ");
            io.err().flush();
            String line = answers.readLine();
            if (line == null) {
                io.err().println();
                return Next.KEEP;
            }
            for (String choice : choices) {
                if (line.strip().equals(choice.substring(1, 2))) {
                    return switch (choice) {
                        case EDIT_AGAIN, EDIT_MERGED -> Next.EDIT;
                        case SAVE_MERGED -> Next.SAVE;
                        default -> Next.QUIT;
                    };
                }
            }
        }
    }

    private String label() {
        return PythonRepr.str((file.scope() == Scope.INCLUDE ? FileArgument.INCLUDE : "") + file.name());
    }

    private String replaceFailure(String message) {
        return "Failed to replace policy " + PythonRepr.str(file.name()) + " with file "
                + PythonRepr.str(copy.toString()) + ": " + message;
    }
}
