package dev.qrexec.cli.toolkit;

import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.cli.Json;
import dev.qrexec.cli.PolicyOptions;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.IoReason;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.text.PolicyFileParser;
import dev.qrexec.parser.text.PolicyFormatter;
import dev.qrexec.parser.load.PolicyLoader;
import dev.qrexec.parser.compat.StrictUtf8;
import dev.qrexec.parser.ast.Syntax;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qrexec-policy fmt}: the canonical layout of policy files. */
@Command(name = "fmt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Lay out policy files canonically: each run of consecutive rules in aligned columns (service, "
                    + "argument, source, target), the action and its parameters in canonical order with single "
                    + "spaces, directives with single spaces; comments and blank lines are kept. Files read by "
                    + "!include-service (and the R4.0 files of !compat-4.0) keep their own SOURCE TARGET ACTION "
                    + "syntax. The formatted file has exactly the same rules.",
            "Without FILE, every file of the policy tree (--policy-dir) is formatted, each in the syntax it is "
                    + "read in; the R4.0 files that !compat-4.0 reads from --legacy-dir are left alone. A FILE is read in the current syntax, or in the legacy one when it "
                    + "only parses so (or with -i).",
            "Without --check, --diff or --write the formatted text is printed.",
            "Exit status: 0 when done (with --check or --diff: no file would change), 1 when a file would "
                    + "change, 2 for a wrong command line, 3 when a file has errors (it is left alone)."})
public final class FmtCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    PolicyOptions policy;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    /** What to do with the formatted text. */
    static final class Mode {
        @Option(names = "--check", description = "Print the files that would change; exit 1 if any would.")
        boolean check;

        @Option(names = "--diff", description = "Print a unified diff of each file that would change; exit 1 if "
                + "any would.")
        boolean diff;

        @Option(names = "--write", description = "Rewrite the files that change, in place (atomically).")
        boolean write;
    }

    @Option(names = {"-i", "--include-service"}, description = "Read FILEs in the legacy syntax of files meant "
            + "for !include-service.")
    boolean includeService;

    @Option(names = "--json", description = "Print one JSON object {\"files\": [{\"file\", \"changed\"}], "
            + "\"errors\": [...]} instead.")
    boolean json;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to format (default: the policy tree).")
    List<Path> files = new ArrayList<>();

    public FmtCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        Map<Path, Syntax> targets = new LinkedHashMap<>();
        List<Diagnostic> errors = new ArrayList<>();
        Map<Path, String> texts = new LinkedHashMap<>();
        if (files.isEmpty()) {
            LoadResult loaded = PolicyLoader.load(policy.loadOptions().collectingAll(true));
            errors.addAll(loaded.errors());
            Path legacy = policy.loadOptions().legacyDirectory().toAbsolutePath().normalize();
            for (PolicyFile file : loaded.tree().files()) {
                Path path = Path.of(file.path());
                // the R4.0 files of !compat-4.0 are left as they are, for qrexec-legacy-convert
                if (!legacy.equals(path.toAbsolutePath().normalize().getParent())) {
                    targets.putIfAbsent(path, file.syntax());
                }
            }
        } else {
            for (Path file : files) {
                targets.put(file, null);
            }
        }
        Map<Path, String> formatted = new LinkedHashMap<>();
        for (Map.Entry<Path, Syntax> entry : targets.entrySet()) {
            Path path = entry.getKey();
            String text;
            try {
                text = StrictUtf8.decode(Files.readAllBytes(path));
            } catch (IOException e) {
                io.err().println("fmt: error: cannot read " + path + ": " + IoReason.of(e));
                return ExitCode.USAGE;
            } catch (StrictUtf8.Invalid e) {
                io.err().println(path + ": error: invalid UTF-8");
                return ExitCode.POLICY_DOES_NOT_LOAD;
            }
            Syntax syntax = entry.getValue() != null ? entry.getValue() : syntaxOf(path, text);
            PolicyFile parsed = PolicyFileParser.parse(path.toString(), text, syntax);
            if (!parsed.isValid()) {
                errors.addAll(parsed.diagnostics());
                continue;
            }
            texts.put(path, text);
            formatted.put(path, PolicyFormatter.format(parsed));
        }
        if (!errors.isEmpty()) {
            errors.forEach(d -> io.err().println(d.format()));
        }
        boolean changes = false;
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("files");
        for (Map.Entry<Path, String> entry : formatted.entrySet()) {
            Path path = entry.getKey();
            String before = texts.get(path);
            String after = entry.getValue();
            boolean changed = !before.equals(after);
            changes |= changed;
            ObjectNode node = list.addObject();
            node.put("file", path.toString());
            node.put("changed", changed);
            if (mode.check) {
                if (changed && !json) {
                    io.out().println(path);
                }
            } else if (mode.diff) {
                if (changed) {
                    String diff = UnifiedDiff.of(path.toString(), before, after);
                    if (json) {
                        node.put("diff", diff);
                    } else {
                        io.out().print(diff);
                    }
                }
            } else if (mode.write) {
                if (changed) {
                    Path temporary = path.resolveSibling("." + path.getFileName() + ".fmt-tmp");
                    Files.writeString(temporary, after, StandardCharsets.UTF_8);
                    Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } else if (json) {
                node.put("text", after);
            } else {
                io.out().print(after);
            }
        }
        if (json) {
            ArrayNode errorList = root.putArray("errors");
            errors.forEach(d -> errorList.add(Json.diagnostic(d)));
            io.out().println(Json.MAPPER.writeValueAsString(root));
        }
        if (!errors.isEmpty()) {
            return ExitCode.POLICY_DOES_NOT_LOAD;
        }
        return changes && (mode.check || mode.diff) ? ExitCode.FAILURE : ExitCode.OK;
    }

    /** The current syntax, unless -i or the file only parses in the legacy one. */
    private Syntax syntaxOf(Path path, String text) {
        if (includeService) {
            return Syntax.LEGACY;
        }
        if (PolicyFileParser.parse(path.toString(), text, Syntax.CURRENT).isValid()) {
            return Syntax.CURRENT;
        }
        return PolicyFileParser.parse(path.toString(), text, Syntax.LEGACY).isValid() ? Syntax.LEGACY
                : Syntax.CURRENT;
    }
}
