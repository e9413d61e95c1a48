package dev.qrexec.parser.load;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
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
import dev.qrexec.parser.ast.PolicyTree;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.ast.Token;
import dev.qrexec.parser.compat.Charsets;
import dev.qrexec.parser.compat.OsErrors;
import dev.qrexec.parser.compat.PythonRepr;
import dev.qrexec.parser.compat.RealPath;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Loads a policy tree: the policy directories with their precedence and file rules,
 * then every file in name order with its includes followed depth first, exactly
 * where the reference follows them. Include cycles, runaway nesting, symlink loops
 * and undecodable files, which crash the reference, are errors here.
 */
public final class PolicyLoader {
    /** Deeper include chains than this are refused (the reference gives up at about 490). */
    public static final int MAX_INCLUDE_DEPTH = 1024;
    /** Larger files are refused. */
    public static final int MAX_FILE_BYTES = 64 << 20;
    /**
     * More files opened through includes in one load than this are refused, each time a
     * file is included counting once: include diamonds would otherwise take exponential time.
     */
    public static final int MAX_INCLUDED_FILES = 10_000;
    /** More rules in one load than this are refused (a rule included twice counts twice). */
    public static final int MAX_RULES = 1_000_000;

    /** The loading thread's stack: about 1 MiB is enough for the deepest chain; room to spare. */
    private static final long STACK_BYTES = 16L << 20;

    private static final Set<String> LEGACY_IGNORED_SUFFIXES = Set.of(".rpmsave", ".rpmnew", ".swp");

    private final LoadOptions options;
    private final FileView view;
    /** The same view, telling which reads have not returned. */
    private final ReadsInFlight inFlight;
    private final List<Rule> rules = new ArrayList<>();
    private final Set<Diagnostic> diagnostics = new LinkedHashSet<>();
    private final Map<String, PolicyFile> parsed = new LinkedHashMap<>();
    private final Set<ChainEntry> chain = new HashSet<>();
    /** The top-level files read ahead on helper threads, when there are several. */
    private FilePrefetch prefetch;
    /** Set by the first error when stopping there, or by the caller when the load misses its deadline. */
    private volatile boolean stopped;
    /** The file last taken in load order, named when a load misses its deadline with no read pending. */
    private volatile String reading;
    /** Files opened through includes so far. */
    private int includedFiles;
    /** The directive through which the file being read was included; null for a top-level file. */
    private Position includedFrom;
    /** Include paths resolved in this load: a file included again and again is looked up once. */
    private final Map<List<Object>, Path> resolved = new HashMap<>();

    /** Whether the caller no longer wants this load (checked at every file and line). */
    private final BooleanSupplier superseded;

    private PolicyLoader(LoadOptions options, BooleanSupplier abandoned) {
        this.options = options;
        this.inFlight = new ReadsInFlight(options.view());
        this.view = inFlight;
        this.superseded = abandoned;
    }

    /**
     * Loads the policy that {@code options} describe. Never throws for a bad policy.
     * Includes are followed by recursion, so the work runs on a thread of its own whose
     * stack holds {@link #MAX_INCLUDE_DEPTH} levels whatever the caller's stack size.
     * The top-level files of a large tree (at least {@link #PREFETCH_MIN_FILES}) are
     * read and parsed on all processors; the result is the same as when they are read
     * one after the other. A load that has not finished by
     * the options' deadline is abandoned and ends as a {@link Code#LOAD_TIMED_OUT}
     * error naming the file it was reading.
     */
    public static LoadResult load(LoadOptions options) {
        return load(options, -Runtime.getRuntime().availableProcessors());
    }

    /**
     * The number of top-level files from which a load reads them on several threads.
     * Measured in fresh processes (policy-bench's start-up benchmark): on a stock-sized
     * tree (33 files) starting the helper threads costs more than they save, while
     * the 100,000-rule tree (115 files) loads faster with them.
     */
    static final int PREFETCH_MIN_FILES = 64;

    /**
     * Loads with at most {@code threads} threads reading files (the caller's included);
     * a negative {@code threads} means at most that many, and only for a tree of at
     * least {@link #PREFETCH_MIN_FILES} top-level files.
     */
    static LoadResult load(LoadOptions options, int threads) {
        return load(options, threads, () -> false);
    }

    /**
     * Loads like {@link #load(LoadOptions)}, but stops soon after {@code abandoned} turns
     * true (a newer change supersedes this load); the result of an abandoned load has
     * an error, so it cannot be mistaken for the policy.
     */
    public static LoadResult load(LoadOptions options, BooleanSupplier abandoned) {
        return load(options, Runtime.getRuntime().availableProcessors(), abandoned);
    }

    private static LoadResult load(LoadOptions options, int threads, BooleanSupplier abandoned) {
        PolicyLoader loader = new PolicyLoader(options, abandoned);
        if (!loader.runOnOwnStack(threads)) {
            String file = loader.inFlight.oldest().map(Path::toString).orElse(loader.reading);
            return new LoadResult(new PolicyTree(List.of(), List.of()), List.of(Diagnostic.error(Code.LOAD_TIMED_OUT,
                    Position.of(file == null ? "<policy>" : file), "loading the policy did not finish within "
                            + options.deadline().toMillis() + " ms" + (file == null ? "" : " (reading " + file + ")")
                            + "; the policy is not loaded")));
        }
        return new LoadResult(new PolicyTree(List.copyOf(loader.parsed.values()), loader.rules),
                List.copyOf(loader.diagnostics));
    }

    /** The context in which a file's lines are read. */
    private record Context(Path base, ServiceSpec service, ArgumentSpec argument) {}

    /** One file on the chain of files being loaded. */
    private record ChainEntry(Path canonical, Syntax syntax) {}

    /** Runs the load on its own thread; false when it missed its deadline and was abandoned. */
    private boolean runOnOwnStack(int threads) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("policy-loader").daemon(true).stackSize(STACK_BYTES)
                .start(() -> {
                    try {
                        run(threads);
                    } catch (RuntimeException | Error e) {
                        failure.set(e);
                    }
                });
        long deadline = System.nanoTime() + options.deadline().toNanos();
        boolean abandoned = false;
        boolean interrupted = false;
        while (thread.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                // The loading thread is a daemon thread: if a read never returns, it stays
                // blocked there, but nothing waits for it any more.
                abandoned = true;
                stopped = true;
                thread.interrupt();
                break;
            }
            try {
                thread.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (abandoned) {
            return false;
        }
        if (failure.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        return true;
    }

    private void run(int threads) {
        Map<String, Path> chosen = new TreeMap<>(Comparator.naturalOrder());
        for (Path directory : options.policyDirectories()) {
            List<String> names = considered(directory);
            if (stopped) {
                return;
            }
            if (names == null) {
                continue;
            }
            for (String name : names) {
                chosen.putIfAbsent(name, directory);
            }
        }
        List<String> paths = new ArrayList<>(chosen.size());
        chosen.forEach((name, directory) -> paths.add(directory.resolve(name).toString()));
        int allowed = threads >= 0 ? threads : paths.size() >= PREFETCH_MIN_FILES ? -threads : 1;
        int helpers = Math.min(allowed - 1, paths.size() - 1);
        if (helpers <= 0) {
            loadTopLevel(chosen);
            return;
        }
        try (FilePrefetch files = new FilePrefetch(view, paths, helpers)) {
            prefetch = files;
            loadTopLevel(chosen);
        }
    }

    private void loadTopLevel(Map<String, Path> chosen) {
        for (Map.Entry<String, Path> entry : chosen.entrySet()) {
            if (stopped) {
                return;
            }
            Path directory = entry.getValue();
            Path path = directory.resolve(entry.getKey());
            Path canonical;
            try {
                canonical = view.realPath(path);
            } catch (RealPath.SymlinkLoopException e) {
                error(Code.LOAD_FAILED, Position.of(path.toString()), "symlink loop at " + e.path());
                continue;
            }
            loadFile(path.toString(), canonical, Syntax.CURRENT, new Context(directory, null, null), null);
        }
    }

    /**
     * The valid policy file names of one directory, or null when the directory cannot
     * be listed or, when stopping at the first error, holds an invalid name (both errors).
     */
    private List<String> considered(Path directory) {
        List<String> entries;
        try {
            entries = view.list(directory);
        } catch (IOException e) {
            error(Code.LOAD_FAILED, Position.of(directory.toString()),
                    "failed to load " + directory + " file: " + OsErrors.describe(e, directory.toString()));
            return null;
        }
        List<String> names = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String name : entries) {
            if (name.startsWith(".") || !name.endsWith(".policy") || name.length() <= ".policy".length()) {
                continue;
            }
            FileView.Kind kind = kind(directory, name);
            // A name that the JVM cannot map back to its bytes (not UTF-8, or not in the
            // file name encoding of a non-UTF-8 locale) cannot be looked up; it is an
            // invalid name whatever it names, so it fails the load.
            boolean undecodable = kind == null || (kind == FileView.Kind.MISSING && name.indexOf('\uFFFD') >= 0);
            if (kind != FileView.Kind.FILE && !undecodable) {
                continue;
            }
            (Charsets.isValidPolicyFileName(name) ? names : invalid).add(name);
        }
        invalid.sort(Comparator.naturalOrder());
        for (String name : invalid) {
            String path = directory + "/" + name;
            error(Code.INVALID_FILENAME, Position.of(path), "invalid filename: " + path);
            if (stopped) {
                return null;
            }
        }
        // In diagnostics mode the valid names still count, so that their files are checked
        // and shadow the same names in later directories.
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** What a directory entry names, or null when its name has no path in the file name encoding. */
    private FileView.Kind kind(Path directory, String name) {
        try {
            return view.kind(directory.resolve(name));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Reads one file and follows its lines; {@code from} is the directive that included it. */
    private void loadFile(String path, Path canonical, Syntax syntax, Context context, Position from) {
        if (superseded.getAsBoolean()) {
            giveUp(Code.LOAD_FAILED, from != null ? from : Position.of(path), "load abandoned: the policy changed");
            return;
        }
        ChainEntry entry = new ChainEntry(canonical, syntax);
        if (chain.contains(entry)) {
            error(Code.INCLUDE_CYCLE, from, "circular include: " + canonical);
            return;
        }
        if (chain.size() >= MAX_INCLUDE_DEPTH) {
            error(Code.INCLUDE_TOO_DEEP, from, "include nesting too deep");
            return;
        }
        if (from != null && ++includedFiles > MAX_INCLUDED_FILES) {
            giveUp(Code.POLICY_TOO_LARGE, from,
                    "too many included files: more than " + MAX_INCLUDED_FILES + " in one load");
            return;
        }
        PolicyFile file = parse(path, syntax);
        if (file == null) {
            return;
        }
        chain.add(entry);
        Position outer = includedFrom;
        includedFrom = from;
        try {
            for (Line line : file.lines()) {
                if (stopped) {
                    return;
                }
                follow(line, file.syntax(), context);
            }
        } finally {
            chain.remove(entry);
            includedFrom = outer;
        }
    }

    /** Adds a rule of the load, unless the load has too many rules already. */
    private void addRule(Rule rule, Position at) {
        if (rules.size() >= MAX_RULES) {
            giveUp(Code.POLICY_TOO_LARGE, includedFrom != null ? includedFrom : at,
                    "too many rules: more than " + MAX_RULES + " in one load");
            return;
        }
        rules.add(rule);
    }

    /** Reports an error after which nothing more is loaded, even when collecting every error. */
    private void giveUp(Code code, Position position, String message) {
        error(code, position, message);
        stopped = true;
    }

    private void follow(Line line, Syntax syntax, Context context) {
        switch (line) {
            case Rule rule -> addRule(rule, rule.position());
            case LegacyRule rule -> addRule(rule.toRule(context.service(), context.argument()), rule.position());
            case InvalidLine invalid -> report(invalid.diagnostic());
            case Include include -> {
                Path target = resolveFile(context.base(), include.path(), include.position());
                if (target != null) {
                    loadFile(target.toString(), target, syntax, context, include.position());
                }
            }
            case IncludeService include -> {
                Path target = resolveFile(context.base(), include.path(), include.position());
                if (target != null) {
                    loadFile(target.toString(), target, Syntax.LEGACY,
                            new Context(context.base(), include.service(), include.argument()), include.position());
                }
            }
            case IncludeDir include -> includeDirectory(include, context);
            case Compat40 compat -> compat40(compat);
            case Comment comment -> { }
            case Blank blank -> { }
        }
    }

    /** The canonical path of an included file, or null after reporting why it cannot be read. */
    private Path resolveFile(Path base, String written, Position at) {
        List<Object> key = List.of(base, written);
        Path known = resolved.get(key);
        if (known != null) {
            return known;
        }
        Path target = resolveUncached(base, written, at);
        if (target != null) {
            resolved.put(key, target);
        }
        return target;
    }

    private Path resolveUncached(Path base, String written, Position at) {
        Path target;
        try {
            target = view.realPath(base.resolve(written));
        } catch (RealPath.SymlinkLoopException e) {
            error(Code.NOT_A_FILE, at, "not a file: " + e.path() + " (symlink loop)");
            return null;
        } catch (InvalidPathException e) {
            error(Code.NOT_A_FILE, at, "not a file: " + invalidPath(base, written));
            return null;
        }
        if (view.isRemoved(target)) {
            error(Code.INCLUDE_OF_REMOVED_FILE, at, "including a file that will be removed: " + target);
            return null;
        }
        if (view.kind(target) != FileView.Kind.FILE) {
            error(Code.NOT_A_FILE, at, "not a file: " + target);
            return null;
        }
        return target;
    }

    /**
     * An include path that names no possible file here (it holds a NUL, or characters
     * outside the file name encoding of a non-UTF-8 locale), quoted so that they show.
     */
    private static String invalidPath(Path base, String written) {
        return PythonRepr.str(written.startsWith("/") ? written : base + "/" + written) + " (invalid path)";
    }

    private void includeDirectory(IncludeDir include, Context context) {
        Path directory;
        try {
            directory = view.realPath(context.base().resolve(include.path()));
        } catch (RealPath.SymlinkLoopException e) {
            error(Code.NOT_A_DIRECTORY, include.position(), "not a directory: " + e.path() + " (symlink loop)");
            return;
        } catch (InvalidPathException e) {
            error(Code.NOT_A_DIRECTORY, include.position(), "not a directory: " + invalidPath(context.base(), include.path()));
            return;
        }
        if (view.kind(directory) != FileView.Kind.DIRECTORY) {
            error(Code.NOT_A_DIRECTORY, include.position(), "not a directory: " + directory);
            return;
        }
        List<String> names = considered(directory);
        if (names == null) {
            return;
        }
        for (String name : names) {
            if (stopped) {
                return;
            }
            Path path = directory.resolve(name);
            Path canonical;
            try {
                canonical = view.realPath(path);
            } catch (RealPath.SymlinkLoopException e) {
                error(Code.NOT_A_FILE, include.position(), "not a file: " + e.path() + " (symlink loop)");
                return;
            }
            loadFile(path.toString(), canonical, Syntax.CURRENT, context, include.position());
        }
    }

    /** The R4.0 directory walk: every per-service file, then the implicit denies of a file with an argument. */
    private void compat40(Compat40 compat) {
        Path legacy = options.legacyDirectory();
        report(Diagnostic.warning(Code.COMPAT_TRANSITIONAL, compat.position(),
                "!compat-4.0 directive in file " + compat.position().file() + " line " + compat.position().line()
                        + " is transitional and will be deprecated"));
        List<String> entries;
        try {
            entries = view.list(legacy);
        } catch (IOException e) {
            error(Code.LOAD_FAILED, compat.position(),
                    "failed to load " + legacy + " file: " + OsErrors.describe(e, legacy.toString()));
            return;
        }
        record LegacyFile(String name, String service, String argument) {}
        List<LegacyFile> files = new ArrayList<>();
        for (String name : entries) {
            if (name.startsWith(".") || LEGACY_IGNORED_SUFFIXES.contains(suffix(name))
                    || !name.codePoints().allMatch(cp -> Charsets.isServiceChar(cp, true))
                    || view.kind(legacy.resolve(name)) != FileView.Kind.FILE) {
                continue;
            }
            int plus = name.indexOf('+');
            files.add(plus < 0
                    ? new LegacyFile(name, name, null)
                    : new LegacyFile(name, name.substring(0, plus), name.substring(plus)));
        }
        files.sort(Comparator.comparing(LegacyFile::service)
                .thenComparing(f -> f.argument() == null ? 1 : 0)
                .thenComparing(f -> f.argument() == null ? "" : f.argument()));
        for (LegacyFile file : files) {
            if (stopped) {
                return;
            }
            ServiceSpec service = new ServiceSpec.Named(file.service());
            ArgumentSpec argument = file.argument() == null ? ArgumentSpec.Any.INSTANCE : new ArgumentSpec.Exact(file.argument());
            Path entry = legacy.resolve(file.name());
            Path target = resolveFile(legacy, file.name(), compat.position());
            if (target == null) {
                return;
            }
            loadFile(target.toString(), target, Syntax.LEGACY, new Context(legacy, service, argument),
                    compat.position());
            if (file.argument() != null && !stopped) {
                Position implicit = Position.of(entry.toString());
                addRule(new Rule(service, argument, Token.AnyVm.INSTANCE, Token.AnyVm.INSTANCE, Action.Deny.PLAIN, implicit),
                        implicit);
                addRule(new Rule(service, argument, Token.AnyVm.INSTANCE, Token.AdminVm.INSTANCE, Action.Deny.PLAIN,
                        implicit), implicit);
            }
        }
    }

    /** Python's {@code PurePath.suffix}: from the last dot, unless that dot starts or ends the name. */
    private static String suffix(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot) : "";
    }

    /** Reads and parses a file once per load; null after reporting why it cannot be read. */
    private PolicyFile parse(String path, Syntax syntax) {
        String key = syntax + ":" + path;
        PolicyFile cached = parsed.get(key);
        if (cached != null) {
            return cached;
        }
        reading = path;
        PolicyFileReader.Outcome outcome = syntax == Syntax.CURRENT && prefetch != null ? prefetch.take(path) : null;
        if (outcome == null) {
            outcome = PolicyFileReader.read(view, path, syntax);
        }
        if (outcome.error() != null) {
            report(outcome.error());
            return null;
        }
        parsed.put(key, outcome.file());
        return outcome.file();
    }

    private void error(Code code, Position position, String message) {
        report(Diagnostic.error(code, position, message));
    }

    private void report(Diagnostic diagnostic) {
        if (stopped) {
            return;
        }
        diagnostics.add(diagnostic);
        if (diagnostic.isError() && !options.collectAll()) {
            stopped = true;
        }
    }
}
