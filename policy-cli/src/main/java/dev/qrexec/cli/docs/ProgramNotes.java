package dev.qrexec.cli.docs;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a manual page says beyond the picocli model, per program: the NAME line's
 * summary, the exit statuses and a few examples.
 *
 * @param summary    the text after the name on the NAME line
 * @param exitStatus each status and its meaning
 * @param examples   each example as a command line and what it does
 */
record ProgramNotes(String summary, List<Entry> exitStatus, List<Entry> examples) {
    /** One item of a list: a term and its text. */
    record Entry(String term, String text) {}

    ProgramNotes {
        exitStatus = List.copyOf(exitStatus);
        examples = List.copyOf(examples);
    }

    private static Entry e(String term, String text) {
        return new Entry(term, text);
    }

    private static final Entry USAGE = e("2", "A wrong command line.");

    private static final Map<String, ProgramNotes> NOTES = Map.ofEntries(
            Map.entry("qrexec-policy", new ProgramNotes(
                    "the qrexec policy engine of Qubes OS: check, evaluate and edit policy",
                    List.of(e("0", "Success: the policy loads, the call is allowed, the change is made."),
                            e("1", "Failure: the policy has errors, the call is denied, the change is refused."),
                            USAGE),
                    List.of(e("qrexec-policy check", "Report every problem of the installed policy."),
                            e("qrexec-policy eval --system-info si.json work vault qubes.Gpg",
                                    "Print the daemon's reply to a call from work to vault."),
                            e("qrexec-policy explain --system-info si.json work vault qubes.Gpg",
                                    "Show which rule decides that call, and why the earlier ones do not.")))),
            Map.entry("qrexec-policy-daemon", new ProgramNotes(
                    "the qrexec policy daemon: answer qrexec-daemon's policy requests",
                    List.of(e("0", "Stopped by SIGTERM."),
                            e("1", "Could not start, for example because another daemon answers on its socket."),
                            USAGE),
                    List.of(e("qrexec-policy-daemon", "Serve the installed policy on the default sockets."),
                            e("qrexec-policy-daemon --policy-path /tmp/policy.d --socket-path /tmp/policy.sock "
                                    + "--system-info si.json", "Serve a test policy without qubesd.")))),
            Map.entry("qrexec-policy-exec", new ProgramNotes(
                    "evaluate a qrexec call against the policy, as the policy daemon would",
                    List.of(e("0", "The call is allowed (in the five-argument form: the status of qrexec-client)."),
                            e("1", "The call is denied."), USAGE),
                    List.of(e("qrexec-policy-exec --just-evaluate work vault qubes.Gpg",
                            "Exit 0 if work may call qubes.Gpg in vault, 1 if not.")))),
            Map.entry("qubes-policy-lint", new ProgramNotes(
                    "check qrexec policy files",
                    List.of(e("0", "No errors (and, with --strict, no warnings)."),
                            e("1", "A file has errors."), USAGE),
                    List.of(e("qubes-policy-lint /etc/qubes/policy.d/30-user.policy", "Check one file."),
                            e("qubes-policy-lint --tree --system-info si.json --strict /etc/qubes/policy.d",
                                    "Check the whole tree with its includes, warnings included.")))),
            Map.entry("qrexec-policy-graph", new ProgramNotes(
                    "draw which qube may call which service in which qube",
                    List.of(e("0", "The graph is written."),
                            e("1", "The policy or the system information could not be read, or dot failed."),
                            USAGE),
                    List.of(e("qrexec-policy-graph --include-ask --service qubes.Filecopy --output filecopy.dot",
                            "Draw who may copy files to whom, asks included.")))),
            Map.entry("qrexec-legacy-convert", new ProgramNotes(
                    "convert the Qubes 4.0 policy files into the current format",
                    List.of(e("0", "Converted, and the policy decides as before (or nothing to convert)."),
                            e("1", "Nothing was changed, or the changes were reverted."), USAGE),
                    List.of(e("qrexec-legacy-convert", "Convert /etc/qubes-rpc/policy into /etc/qubes/policy.d.")))),
            Map.entry("qrexec-policy-restore", new ProgramNotes(
                    "restore policy files from a backup",
                    List.of(e("0", "The files are restored (existing files are kept)."),
                            e("1", "Nothing was restored: the result would not load, or the backup is unreadable."),
                            USAGE),
                    List.of(e("qrexec-policy-restore /mnt/backup/etc/qubes/policy.d",
                            "Copy the backup's files that do not exist in /etc/qubes/policy.d.")))),
            Map.entry("qubes-policy", new ProgramNotes(
                    "list, print, replace or remove policy files through the policy admin services",
                    List.of(e("0", "Done."), e("1", "The service refused, or could not be called."), USAGE),
                    List.of(e("qubes-policy -l", "List the main policy files."),
                            e("qubes-policy -g include/admin-policy-rwx", "Print an include file."),
                            e("printf 'qubes.Gpg * work vault allow\\n' | qubes-policy -r 30-gpg",
                                    "Replace (or create) 30-gpg.policy."),
                            e("qubes-policy -d 30-gpg", "Remove 30-gpg.policy.")))),
            Map.entry("qubes-policy-editor", new ProgramNotes(
                    "edit a policy file safely through the policy admin services",
                    List.of(e("0", "Saved, or left unchanged."), e("1", "Not saved."), USAGE),
                    List.of(e("qubes-policy-editor 30-user", "Edit 30-user.policy in $VISUAL, $EDITOR or vi.")))),
            Map.entry("qubes-policy-admin", new ProgramNotes(
                    "the qrexec service behind the policy.* admin services",
                    List.of(e("0", "Done."), e("1", "Refused; KIND MESSAGE on standard error."),
                            e("2", "Internal error.")),
                    List.of())),
            Map.entry("policy.RegisterArgument", new ProgramNotes(
                    "the qrexec service that registers a service argument for a frontend qube",
                    List.of(e("0", "Registered (or registered already)."), e("1", "Refused.")),
                    List.of())));

    /** The notes of {@code program}, if it has some. */
    static Optional<ProgramNotes> of(String program) {
        return Optional.ofNullable(NOTES.get(program));
    }
}
