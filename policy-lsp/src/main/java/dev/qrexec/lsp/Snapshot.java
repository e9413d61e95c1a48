package dev.qrexec.lsp;

import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.analysis.PolicyAnalysis;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.text.PolicyFileParser;
import dev.qrexec.parser.load.PolicyLoader;
import dev.qrexec.parser.compat.RealPath;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The policy as one generation of the open documents makes it: the whole tree loaded
 * by the library's loader with the documents laid over the disk, every problem
 * collected, the linter's warnings, the files with the directory their includes are
 * resolved from, and evaluators for explanations. Immutable once built, except for
 * caches filled on the analysis thread.
 */
final class Snapshot {
    /** A file of the tree: as parsed (in the syntax its inclusion gives it), its canonical path and include base. */
    record TreeFile(PolicyFile file, Path canonical, Path base) {}

    /** A directive and what it reads: a file, or a directory ({@code !include-dir}, {@code !compat-4.0}). */
    record IncludeLink(Line directive, Path target, boolean directory) {}

    final long generation;
    final ServerOptions options;
    final Documents.State documents;
    final LoadResult load;
    final List<Diagnostic> warnings;
    final Optional<SystemInfo> info;
    /** Why there is no system information, when there is none. */
    final String infoProblem;
    private final Map<Path, List<TreeFile>> files = new LinkedHashMap<>();
    private final Map<Path, PolicyFile> standalone = new LinkedHashMap<>();
    private final Map<String, Path> canonicalOf = new HashMap<>();
    private final Map<Path, DocumentText> texts = new HashMap<>();
    private Evaluator explaining;
    private Evaluator reaching;

    private Snapshot(long generation, ServerOptions options, Documents.State documents, LoadResult load,
                     List<Diagnostic> warnings, Optional<SystemInfo> info, String infoProblem) {
        this.generation = generation;
        this.options = options;
        this.documents = documents;
        this.load = load;
        this.warnings = warnings;
        this.info = info;
        this.infoProblem = infoProblem;
    }

    /** Loads the tree with the open documents over the disk and lints it. */
    static Snapshot analyse(ServerOptions options, Documents.State documents, Optional<SystemInfo> info,
                            String infoProblem) {
        Map<Path, Optional<byte[]>> overrides = new HashMap<>();
        for (OpenDocument document : documents.byUri().values()) {
            overrides.put(document.path(), Optional.of(document.text().text().getBytes(StandardCharsets.UTF_8)));
        }
        LoadResult load = PolicyLoader.load(options.loadOptions(FileView.real().withOverrides(overrides)));
        dev.qrexec.eval.analysis.Suppressions suppressions = dev.qrexec.eval.analysis.Suppressions.of(load.tree().files());
        List<Diagnostic> warnings = PolicyAnalysis.analyse(load.tree().rules(), info).stream()
                .filter(d -> !suppressions.suppresses(d)).toList();
        Snapshot snapshot = new Snapshot(documents.generation(), options, documents, load, warnings, info,
                infoProblem);
        snapshot.index();
        return snapshot;
    }

    private void index() {
        LoadOptions loadOptions = options.loadOptions(FileView.real());
        List<Path> directories = loadOptions.policyDirectories();
        Path legacy = canonical(loadOptions.legacyDirectory().toString());
        Path base = directories.isEmpty() ? Path.of("/") : directories.getFirst();
        for (PolicyFile file : load.tree().files()) {
            Path parent = Path.of(file.path()).getParent();
            Path canonical = canonical(file.path());
            if (file.syntax() == Syntax.CURRENT && parent != null && directories.contains(parent)) {
                base = parent;
            }
            Path fileBase = file.syntax() == Syntax.LEGACY && canonical.getParent() != null
                    && canonical.getParent().equals(legacy) ? legacy : base;
            files.computeIfAbsent(canonical, k -> new ArrayList<>()).add(new TreeFile(file, canonical, fileBase));
        }
        for (OpenDocument document : documents.byUri().values()) {
            if (!files.containsKey(document.path())) {
                standalone.put(document.path(),
                        PolicyFileParser.parse(document.path().toString(), document.text().text(), Syntax.CURRENT));
            }
        }
    }

    /** The canonical absolute path of a path as the loader names it. */
    Path canonical(String file) {
        return canonicalOf.computeIfAbsent(file, f -> {
            Path path;
            try {
                path = Path.of(f).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                return Path.of("/nonexistent-path");
            }
            try {
                return FileView.real().realPath(path);
            } catch (RealPath.SymlinkLoopException e) {
                return path;
            }
        });
    }

    /** The tree's readings of a file (one per syntax it is read in), empty when the policy does not read it. */
    List<TreeFile> treeFiles(Path canonical) {
        return files.getOrDefault(canonical, List.of());
    }

    /** Every file the tree reads, in load order. */
    Iterable<TreeFile> allTreeFiles() {
        return files.values().stream().flatMap(List::stream).toList();
    }

    boolean inTree(Path canonical) {
        return files.containsKey(canonical);
    }

    /** The file as parsed for the editor: the tree's first reading, or on its own in the current syntax. */
    Optional<PolicyFile> parsed(Path canonical) {
        List<TreeFile> readings = files.get(canonical);
        if (readings != null) {
            return Optional.of(readings.getFirst().file());
        }
        return Optional.ofNullable(standalone.get(canonical));
    }

    /** The directory the includes of a file are resolved from (its own directory for a file outside the tree). */
    Path base(Path canonical) {
        List<TreeFile> readings = files.get(canonical);
        if (readings != null) {
            return readings.getFirst().base();
        }
        return canonical.getParent() == null ? Path.of("/") : canonical.getParent();
    }

    /** The syntax of a file in the tree (current for a file outside the tree). */
    Syntax syntax(Path canonical) {
        return parsed(canonical).map(PolicyFile::syntax).orElse(Syntax.CURRENT);
    }

    /** The files parsed on their own: open documents the policy does not read. */
    Map<Path, PolicyFile> standalone() {
        return standalone;
    }

    /** The text of a file: the open document's, else the disk's (empty when unreadable). */
    DocumentText text(Path canonical) {
        return texts.computeIfAbsent(canonical, path -> {
            for (OpenDocument document : documents.byUri().values()) {
                if (document.path().equals(path)) {
                    return document.text();
                }
            }
            try {
                return new DocumentText(new String(FileView.real().read(path), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return new DocumentText("");
            }
        });
    }

    /** The open document of a path, if any. */
    Optional<OpenDocument> document(Path canonical) {
        return documents.byUri().values().stream().filter(d -> d.path().equals(canonical)).findFirst();
    }

    /** The directives of a tree file and what each reads. */
    List<IncludeLink> includes(TreeFile file) {
        return includes(file.file(), file.base());
    }

    /** The directives of a parsed file with includes resolved from {@code base}. */
    List<IncludeLink> includes(PolicyFile file, Path base) {
        List<IncludeLink> out = new ArrayList<>();
        for (Line line : file.lines()) {
            IncludeLink link = link(line, base);
            if (link != null) {
                out.add(link);
            }
        }
        return out;
    }

    /** What a directive line reads, or null for another line or a path that names nothing. */
    IncludeLink link(Line line, Path base) {
        try {
            return switch (line) {
                case Include include -> new IncludeLink(line, resolve(base, include.path()), false);
                case IncludeService include -> new IncludeLink(line, resolve(base, include.path()), false);
                case IncludeDir include -> new IncludeLink(line, resolve(base, include.path()), true);
                case Compat40 compat -> new IncludeLink(line,
                        canonical(options.loadOptions(FileView.real()).legacyDirectory().toString()), true);
                default -> null;
            };
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private Path resolve(Path base, String written) {
        return canonical(base.resolve(written).toString());
    }

    /** The tree files a directive reads: the file, or the directory's files in the tree. */
    List<TreeFile> linked(IncludeLink link) {
        if (!link.directory()) {
            return treeFiles(link.target());
        }
        List<TreeFile> out = new ArrayList<>();
        for (TreeFile file : allTreeFiles()) {
            if (link.target().equals(file.canonical().getParent())) {
                out.add(file);
            }
        }
        return out;
    }

    /** How many rules a directive brings into the policy, through every file it reads, nested includes too. */
    int rulesBrought(IncludeLink link) {
        return linked(link).stream().mapToInt(f -> rulesOf(f, new HashSet<>())).sum();
    }

    private int rulesOf(TreeFile file, Set<Path> seen) {
        if (!seen.add(file.canonical())) {
            return 0;
        }
        int count = 0;
        for (Line line : file.file().lines()) {
            if (line instanceof Rule || line instanceof LegacyRule) {
                count++;
            }
        }
        for (IncludeLink link : includes(file)) {
            for (TreeFile next : linked(link)) {
                count += rulesOf(next, seen);
            }
        }
        seen.remove(file.canonical());
        return count;
    }

    /** The errors in the files a directive reads, nested includes too, in load order. */
    List<Diagnostic> errorsBrought(IncludeLink link, Map<Path, List<Diagnostic>> byFile) {
        List<Diagnostic> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        if (link.directory()) {
            for (TreeFile file : linked(link)) {
                collectErrors(file.canonical(), byFile, seen, out);
            }
        } else {
            collectErrors(link.target(), byFile, seen, out);
        }
        return out;
    }

    /** The errors of a file (read or not: an unreadable file is in no tree) and of what it includes. */
    private void collectErrors(Path file, Map<Path, List<Diagnostic>> byFile, Set<Path> seen, List<Diagnostic> out) {
        if (!seen.add(file)) {
            return;
        }
        byFile.getOrDefault(file, List.of()).stream().filter(Diagnostic::isError).forEach(out::add);
        for (TreeFile reading : treeFiles(file)) {
            for (IncludeLink link : includes(reading)) {
                if (link.directory()) {
                    for (TreeFile next : linked(link)) {
                        collectErrors(next.canonical(), byFile, seen, out);
                    }
                } else {
                    collectErrors(link.target(), byFile, seen, out);
                }
            }
        }
    }

    /** Every diagnostic of the load and the linter, by the canonical path of its file. */
    Map<Path, List<Diagnostic>> diagnosticsByFile() {
        Map<Path, List<Diagnostic>> byFile = new LinkedHashMap<>();
        dev.qrexec.eval.analysis.Suppressions suppressions = dev.qrexec.eval.analysis.Suppressions.of(load.tree().files());
        Stream.concat(load.diagnostics().stream().filter(d -> !suppressions.suppresses(d)), warnings.stream())
                .forEach(d ->
                byFile.computeIfAbsent(canonical(d.position().file()), k -> new ArrayList<>()).add(d));
        return byFile;
    }

    /** The evaluator of {@code qrexec-policy explain}: the policy as the daemon has it (denying all when broken). */
    Evaluator explaining() {
        if (explaining == null) {
            explaining = new Evaluator(CompiledPolicy.compile(load));
        }
        return explaining;
    }

    /** An evaluator of the rules loaded so far, even when the policy has errors: what each rule would decide. */
    Evaluator reaching() {
        if (reaching == null) {
            reaching = new Evaluator(CompiledPolicy.compile(load.tree().rules()));
        }
        return reaching;
    }
}
