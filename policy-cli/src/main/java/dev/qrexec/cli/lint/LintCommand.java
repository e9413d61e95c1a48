package dev.qrexec.cli.lint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.cli.Json;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.analysis.PolicyAnalysis;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Severity;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qrexec-policy lint}, also installed as {@code qubes-policy-lint}: checks
 * policy files line by line with the reference's output ({@code FILE:LINE: error:
 * MESSAGE}) and exit status, or, with {@code --tree}, a whole policy tree with its
 * includes followed; optionally with warnings, and as JSON.
 */
@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Check policy files line by line, without following includes, and print each error as "
                    + "FILE:LINE: error: MESSAGE. With --tree, load whole policy directories with every include "
                    + "followed and print FILE:LINE:COLUMN: error: MESSAGE for every problem.",
            "Warnings (rules that never match, duplicates, shells and admin calls allowed too widely, and with "
                    + "--system-info unknown qubes, tags and types and default targets never offered) are shown "
                    + "with --warnings, --system-info or --tree.",
            "Exit status: 0 when no file has errors, 1 when one has (or, with --strict, has warnings), "
                    + "2 for a wrong command line."})
public final class LintCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--show-line"}, description = "Append the offending line to each message.")
    boolean showLine;

    @Option(names = {"-i", "--include-service"},
            description = "Lint files meant for !include-service (legacy rules SOURCE TARGET ACTION); "
                    + "normal policies cannot be checked in this mode.")
    boolean includeService;

    @Option(names = "--tree",
            description = "Check whole policy directories (the arguments, in precedence order; default "
                    + "/run/qubes/policy.d and /etc/qubes/policy.d), following every include.")
    boolean tree;

    @Option(names = "--legacy-dir", paramLabel = "DIR",
            description = "With --tree: the R4.0 directory read by !compat-4.0 (default: /etc/qubes-rpc/policy).")
    Path legacyDirectory;

    @Option(names = {"-W", "--warnings"}, description = "Also report warnings.")
    boolean warnings;

    @Option(names = "--system-info", paramLabel = "FILE",
            description = "The qubes (JSON of internal.GetSystemInfo) to check names, tags, types and default "
                    + "targets against; implies --warnings.")
    Path systemInfo;

    @Option(names = "--strict", description = "Warnings fail the check too (exit status 1).")
    boolean strict;

    @Option(names = "--json", description = "Print one JSON object {\"ok\", \"diagnostics\": [...]} instead.")
    boolean json;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "set file to be read , use \"-\" to read from stdin (with --tree: policy directories)")
    List<String> files = new ArrayList<>();

    public LintCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        if (tree && (showLine || includeService)) {
            throw new ParameterException(spec.commandLine(), "--tree cannot be combined with -s or -i");
        }
        if (!tree && legacyDirectory != null) {
            throw new ParameterException(spec.commandLine(), "--legacy-dir needs --tree");
        }
        if (!tree && files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "the following arguments are required: FILE");
        }
        Optional<SystemInfo> info;
        try {
            info = systemInfo == null
                    ? Optional.empty()
                    : Optional.of(SystemInfo.parse(Files.readAllBytes(systemInfo)));
        } catch (IOException | SystemInfoException e) {
            io.err().println(spec.commandLine().getCommandName() + ": error: cannot read the system information "
                    + systemInfo + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
        boolean warn = warnings || tree || info.isPresent();
        List<LintedFile> linted = tree ? List.of(lintTree(info)) : lintFiles(info, warn);
        List<Diagnostic> all = linted.stream().flatMap(f -> f.diagnostics().stream()).toList();
        boolean failed = all.stream().anyMatch(d -> d.isError() || (strict && d.severity() == Severity.WARNING));
        if (json) {
            printJson(linted, !failed);
        } else {
            for (LintedFile file : linted) {
                for (Diagnostic d : file.diagnostics()) {
                    io.out().println(tree ? withHint(d.format(), d) : referenceLine(d, file.lines()));
                }
            }
        }
        return failed ? ExitCode.FAILURE : ExitCode.OK;
    }

    /**
     * Each file on its own, the policy analysis of its rules merged in when warnings
     * are wanted; otherwise the deprecation warnings go to standard error, as the
     * reference's do.
     */
    private List<LintedFile> lintFiles(Optional<SystemInfo> info, boolean warn) {
        LineLint lint = new LineLint(includeService);
        List<LintedFile> out = new ArrayList<>();
        for (String label : files) {
            LintedFile file;
            try {
                file = lint.check(label, LintInput.read(label, io.in()));
            } catch (LintInput.Unreadable e) {
                out.add(LintedFile.unreadable(e.diagnostic()));
                continue;
            }
            if (warn) {
                out.add(file.plus(PolicyAnalysis.analyse(file.rules(), info)));
            } else {
                file.warnings().forEach(d -> io.err().println(referenceLine(d, Map.of())));
                out.add(file.errorsOnly());
            }
        }
        return out;
    }

    /** The whole tree of the given directories: every problem in load order, then the warnings. */
    private LintedFile lintTree(Optional<SystemInfo> info) {
        LoadOptions options = LoadOptions.defaults()
                .withDirectories(files.stream().map(Path::of).toList())
                .withLegacyDirectory(legacyDirectory)
                .collectingAll(true);
        LoadResult result = PolicyLoader.load(options);
        List<Diagnostic> all = new ArrayList<>(result.diagnostics());
        all.addAll(PolicyAnalysis.analyse(result.tree().rules(), info));
        return new LintedFile(all, List.of(), Map.of());
    }

    /** {@code FILE:LINE: SEVERITY: MESSAGE}, with {@code -s} followed by {@code : LINE-TEXT}. */
    private String referenceLine(Diagnostic d, Map<Integer, String> lines) {
        String text = withHint(d.position().file() + ":" + d.position().line() + ": " + d.severity().word() + ": "
                + d.message(), d);
        String line = lines.get(d.position().line());
        return showLine && line != null ? text + ": " + line : text;
    }

    private static String withHint(String text, Diagnostic d) {
        return d.hint().isEmpty() ? text : text + " (" + d.hint() + ")";
    }

    private void printJson(List<LintedFile> linted, boolean ok) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("ok", ok);
        ArrayNode list = root.putArray("diagnostics");
        for (LintedFile file : linted) {
            for (Diagnostic d : file.diagnostics()) {
                ObjectNode node = Json.diagnostic(d);
                if (!d.hint().isEmpty()) {
                    node.put("hint", d.hint());
                }
                String line = file.lines().get(d.position().line());
                if (line != null) {
                    node.put("text", line);
                }
                list.add(node);
            }
        }
        io.out().println(Json.MAPPER.writeValueAsString(root));
    }
}
