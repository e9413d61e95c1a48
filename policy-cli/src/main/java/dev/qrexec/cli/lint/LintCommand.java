package dev.qrexec.cli.lint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.cli.Json;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.SystemInfoFile;
import dev.qrexec.eval.analysis.CheckCatalog;
import dev.qrexec.eval.analysis.PolicyAnalysis;
import dev.qrexec.eval.analysis.Suppressions;
import dev.qrexec.eval.analysis.TreeWarnings;
import dev.qrexec.eval.analysis.WarningSelection;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.DiagnosticFormat;
import dev.qrexec.parser.Severity;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    @Option(names = "--ignore", paramLabel = "CODE", split = ",",
            description = "Do not report warnings with this code (repeatable, or comma-separated; see --list-checks). "
                    + "A comment '# qrexec-lint: ignore=CODE' does the same for its line and the next one.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--select", paramLabel = "CODE", split = ",",
            description = "Report only warnings with these codes (errors are always reported).")
    List<String> select = new ArrayList<>();

    @Option(names = "--list-checks", description = "List the warnings' codes and what each means, then exit.")
    boolean listChecks;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "set file to be read , use \"-\" to read from stdin (with --tree: policy directories)")
    List<String> files = new ArrayList<>();

    public LintCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        if (listChecks) {
            for (CheckCatalog.Entry entry : CheckCatalog.WARNINGS) {
                io.out().println(entry.code().id() + " (warning" + (entry.needsSystemInfo() ? ", with --system-info"
                        : "") + "): " + entry.description());
            }
            return ExitCode.OK;
        }
        WarningSelection selection = new WarningSelection(codes(select), codes(ignore));
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
                    : Optional.of(SystemInfoFile.read(systemInfo, SystemInfoFile.Names.WITH_UUID_ALIASES));
        } catch (SystemInfoException e) {
            io.err().println(spec.commandLine().getCommandName() + ": error: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        boolean warn = warnings || tree || info.isPresent();
        List<LintedFile> linted = tree ? List.of(lintTree(info, selection)) : lintFiles(info, warn, selection);
        List<Diagnostic> all = linted.stream().flatMap(f -> f.diagnostics().stream()).toList();
        boolean failed = all.stream().anyMatch(d -> d.isError() || (strict && d.severity() == Severity.WARNING));
        if (json) {
            printJson(linted, !failed);
        } else {
            for (LintedFile file : linted) {
                for (Diagnostic d : file.diagnostics()) {
                    io.out().println(tree ? DiagnosticFormat.LINT.format(d) : fileLine(d, file.lines()));
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
    private List<LintedFile> lintFiles(Optional<SystemInfo> info, boolean warn, WarningSelection selection) {
        LineLint lint = new LineLint(includeService);
        List<LintedFile> out = new ArrayList<>();
        for (String label : files) {
            LintedFile file;
            Suppressions suppressions;
            try {
                String text = LintInput.read(label, io.in());
                file = lint.check(label, text);
                suppressions = Suppressions.ofText(label, text);
            } catch (LintInput.Unreadable e) {
                out.add(LintedFile.unreadable(e.diagnostic()));
                continue;
            }
            if (warn) {
                out.add(file.plus(PolicyAnalysis.analyse(file.rules(), info)).selected(selection, suppressions));
            } else {
                file.warnings().forEach(d -> io.err().println(DiagnosticFormat.REFERENCE_LINT.format(d)));
                out.add(file.errorsOnly());
            }
        }
        return out;
    }

    /** The whole tree of the given directories: every problem in load order, then the warnings. */
    private LintedFile lintTree(Optional<SystemInfo> info, WarningSelection selection) {
        LoadOptions options = LoadOptions.defaults()
                .withDirectories(files.stream().map(Path::of).toList())
                .withLegacyDirectory(legacyDirectory)
                .collectingAll(true);
        LoadResult result = PolicyLoader.load(options);
        List<Diagnostic> all = new ArrayList<>(result.diagnostics().stream()
                .filter(d -> !TreeWarnings.isStockNotice(d)).toList());
        Path legacy = canonical(options.legacyDirectory());
        all.addAll(TreeWarnings.of(result.tree().rules(), info, file -> legacy.equals(canonical(Path.of(file)).getParent())));
        return new LintedFile(selection.apply(all, Suppressions.of(result.tree().files())), List.of(), Map.of());
    }

    /** The path without symbolic links where it exists, else absolute and normalised. */
    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** The codes named on the command line; an unknown one is a usage error. */
    private Set<Code> codes(List<String> names) {
        Set<Code> codes = new HashSet<>();
        for (String name : names) {
            Code code = WarningSelection.code(name.strip());
            if (code == null) {
                throw new ParameterException(spec.commandLine(), "unknown check code: " + name
                        + " (see --list-checks)");
            }
            codes.add(code);
        }
        return codes;
    }

    /**
     * {@code FILE:LINE: SEVERITY: MESSAGE} ({@link DiagnosticFormat#LINT_FILE}), with {@code -s}
     * followed by {@code : LINE-TEXT}.
     */
    private String fileLine(Diagnostic d, Map<Integer, String> lines) {
        String text = DiagnosticFormat.LINT_FILE.format(d);
        String line = lines.get(d.position().line());
        return showLine && line != null ? text + ": " + line : text;
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
