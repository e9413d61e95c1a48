package dev.qrexec.cli.convert;

import dev.qrexec.admin.DirectoryLock;
import dev.qrexec.admin.convert.ConfigFile;
import dev.qrexec.admin.EditJournal;
import dev.qrexec.admin.PolicyEdit;
import dev.qrexec.admin.PolicyTree;
import dev.qrexec.admin.Validation;
import dev.qrexec.admin.convert.LegacyConversion;
import dev.qrexec.admin.convert.LegacyFiles;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.parser.IoReason;
import dev.qrexec.cli.graph.SystemInfoOptions;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.graph.GraphOptions;
import dev.qrexec.eval.graph.PolicyGraph;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qrexec-legacy-convert} (also {@code qrexec-policy legacy-convert}): moves
 * the R4.0 per-service policy files into new-format files, then checks with the
 * graph of every allow and ask that the policy still decides the same. The new
 * policy is validated before anything is written; every change is atomic and
 * journalled, so a difference the user rejects, or any failure, restores the
 * initial state completely.
 */
@Command(name = "legacy-convert", mixinStandardHelpOptions = true,
        description = {
            "Convert legacy Qubes 4.0 policy files into the new format: their rules go to 30-user.policy or to "
                    + "the file of the configuration tool that can show them, the old files get the suffix "
                    + ".rpmsave. If the converted policy decides differently, the differences are shown and "
                    + "the initial state is restored unless you answer n.",
            "Exit status: 0 when converted, 1 when the conversion was refused, reverted or kept with "
                    + "differences, 2 on usage errors."})
public final class LegacyConvertCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    @Option(names = "--policy-dir", paramLabel = "DIR",
            description = "The policy directory to convert into (default: ${DEFAULT-VALUE}).")
    Path policyDirectory = Path.of("/etc/qubes/policy.d");

    @Option(names = "--legacy-dir", paramLabel = "DIR",
            description = "The R4.0 policy directory to convert (default: ${DEFAULT-VALUE}).")
    Path legacyDirectory = LoadOptions.DEFAULT_LEGACY_DIRECTORY;

    @Mixin
    SystemInfoOptions systemInfo;

    public LegacyConvertCommand(Io io) {
        this.io = io;
    }

    /** Why the conversion stops; the message is for the user. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() {
        io.out().println("Initiating policy conversion process...");
        try (DirectoryLock lock = DirectoryLock.acquire(policyDirectory)) {
            return convert(lock);
        } catch (Refusal refusal) {
            io.err().println(spec.qualifiedName() + ": error: " + refusal.getMessage());
        } catch (IOException e) {
            io.err().println(spec.qualifiedName() + ": error: cannot lock " + policyDirectory + ": " + e.getMessage());
        }
        return ExitCode.FAILURE;
    }

    private int convert(DirectoryLock lock) throws Refusal {
        SystemInfo info;
        try {
            info = systemInfo.load();
        } catch (SystemInfoException e) {
            throw new Refusal(e.getMessage());
        }
        LoadOptions options = LoadOptions.defaults().withDirectories(List.of(policyDirectory))
                .withLegacyDirectory(legacyDirectory);
        LoadResult before = load(options, "the policy");
        SequencedSet<String> oldState = state(before, info);
        io.out().println("Converting old policy files into new format files....");
        List<Rule> current = load(options.withView(LegacyFiles.without(FileView.real(), legacyDirectory)),
                "the policy without the legacy files").tree().rules();
        LegacyConversion.Plan plan = LegacyConversion.plan(before.tree().rules(), current);
        for (Rule rule : plan.dead()) {
            io.out().println("Leaving out " + rule.position().fileAndLine() + " (" + LegacyConversion.line(rule)
                    + "): an earlier rule for the same qube always decides first");
        }
        Map<Path, String> texts = texts(plan.files());
        List<Path> legacyFiles;
        try {
            legacyFiles = LegacyFiles.of(legacyDirectory);
        } catch (IOException e) {
            throw new Refusal("cannot list " + legacyDirectory + ": " + e.getMessage());
        }
        // the policy as it will be: new files written, legacy files renamed, so the legacy directory read as empty
        PolicyEdit edit = PolicyEdit.of(PolicyTree.ofDirectory(policyDirectory, legacyDirectory)
                .withDisk(LegacyFiles.without(FileView.real(), legacyDirectory)), PolicyEdit.Check.TOOL);
        texts.forEach((file, text) -> edit.writeKeepingCopy(file, text.getBytes(StandardCharsets.UTF_8), ".bak"));
        legacyFiles.forEach(legacy -> edit.setAside(legacy, ".rpmsave"));
        validate(edit);
        EditJournal journal;
        try {
            journal = edit.apply(lock, change -> {
                if (change instanceof PolicyEdit.Change.Write write) {
                    io.out().println("Writing " + write.file() + "...");
                }
            });
        } catch (PolicyEdit.Failed e) {
            io.err().println(spec.qualifiedName() + ": error: cannot change " + e.change().file() + ": "
                    + IoReason.of(e.reason()));
            return reverted(e.revertProblems());
        }
        SequencedSet<String> newState;
        try {
            newState = state(load(options, "the converted policy"), info);
        } catch (Refusal refusal) {
            io.out().println("ERROR: " + refusal.getMessage());
            return revert(journal);
        }
        if (!oldState.equals(newState)) {
            io.out().println("ERROR: Found the following differences between previous and converted policy states:");
            io.out().println("OLD STATE");
            oldState.stream().filter(line -> !newState.contains(line)).forEach(io.out()::println);
            io.out().println("NEW STATE");
            newState.stream().filter(line -> !oldState.contains(line)).forEach(io.out()::println);
            if (wantsRestore()) {
                return revert(journal);
            }
            commit(journal);
            io.out().println("Kept the converted policy although it decides differently (see above).");
            return ExitCode.FAILURE;
        }
        commit(journal);
        io.out().println("Successfully converted old policy to new format.");
        return ExitCode.OK;
    }

    private LoadResult load(LoadOptions options, String what) throws Refusal {
        LoadResult result = PolicyLoader.load(options);
        Optional<Diagnostic> error = result.firstError();
        if (error.isPresent()) {
            throw new Refusal(what + " does not load: " + error.get().format());
        }
        return result;
    }

    /** Every allow and ask of the policy, with its full label: what must not change. */
    private static SequencedSet<String> state(LoadResult loaded, SystemInfo info) {
        return new LinkedHashSet<>(new PolicyGraph(CompiledPolicy.compile(loaded), info).lines(GraphOptions.full()));
    }

    /** The new text of every file that gets rules, in the tool's order. */
    private Map<Path, String> texts(Map<ConfigFile, List<Rule>> plan) throws Refusal {
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Map.Entry<ConfigFile, List<Rule>> entry : plan.entrySet()) {
            Path file = policyDirectory.resolve(entry.getKey().fileName());
            Optional<String> existing;
            try {
                existing = Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
            } catch (IOException e) {
                throw new Refusal("cannot read " + file + ": " + e.getMessage());
            }
            texts.put(file, LegacyConversion.text(entry.getKey(), entry.getValue(), existing));
        }
        return texts;
    }

    /** The policy as it will be (new files written, legacy files renamed) must load, or nothing is written. */
    private void validate(PolicyEdit edit) throws Refusal {
        Validation result;
        try {
            result = edit.validate();
        } catch (PolicyEdit.Unresolvable e) {
            throw new Refusal("cannot write " + e.file() + ": symlink loop");
        }
        if (!result.ok()) {
            List<String> errors = new ArrayList<>();
            result.errors().forEach(d -> errors.add(d.format()));
            throw new Refusal("the converted policy would not load, nothing was changed:\n"
                    + String.join("\n", errors));
        }
    }

    /** Asks whether to restore; anything but n or N, and the end of input, mean yes. */
    private boolean wantsRestore() {
        io.out().print("Do you want to restore initial state? [Y/n] ");
        io.out().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8)).readLine();
            return answer == null || !answer.strip().equalsIgnoreCase("n");
        } catch (IOException e) {
            return true;
        }
    }

    /** Makes the conversion final, saying where the old contents of rewritten files are kept. */
    private void commit(EditJournal journal) {
        EditJournal.Committed committed = journal.commit();
        committed.kept().forEach((file, copy) -> io.out().println("The previous " + file + " is kept as " + copy + "."));
        committed.problems().forEach(problem -> io.err().println(spec.qualifiedName() + ": warning: " + problem));
    }

    private int revert(EditJournal journal) {
        return reverted(journal.revert());
    }

    /** Reports a revert: done, or what could not be restored. */
    private int reverted(List<String> problems) {
        if (problems.isEmpty()) {
            io.out().println("Conversion reverted.");
        } else {
            problems.forEach(problem -> io.err().println(spec.qualifiedName() + ": error: " + problem));
            io.err().println(spec.qualifiedName() + ": error: the initial state could not be fully restored");
        }
        return ExitCode.FAILURE;
    }
}
