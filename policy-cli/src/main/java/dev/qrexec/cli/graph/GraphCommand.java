package dev.qrexec.cli.graph;

import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.graph.GraphOptions;
import dev.qrexec.eval.graph.PolicyGraph;
import dev.qrexec.parser.IoReason;
import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.ast.Token;
import dev.qrexec.parser.ast.TokenContext;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code qrexec-policy-graph} (also {@code qrexec-policy graph}): the effective
 * policy as a Graphviz digraph of which qube may call which, byte for byte as the
 * reference draws it, optionally rendered to SVG or PNG by Graphviz.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {
            "Graph qrexec policy: draw which qube may call which service in which qube, as a Graphviz "
                    + "DOT digraph. Allowed calls are red edges, calls that ask the user orange ones.",
            "Exit status: 0 on success, 1 when the policy, the system information or the output "
                    + "cannot be used, 2 on usage errors."})
public final class GraphCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    @Option(names = "--include-ask", description = "Include `ask` action in graph.")
    boolean includeAsk;

    @Option(names = "--source", arity = "1..*", paramLabel = "SOURCE",
            description = "Limit graph to calls from these sources.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--target", arity = "1..*", paramLabel = "TARGET",
            description = "Limit graph to calls drawn to these targets (a qube, @adminvm, @dispvm or @dispvm:NAME).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--service", arity = "1..*", paramLabel = "SERVICE",
            description = "Limit graph to these services, SERVICE or SERVICE+ARGUMENT.")
    List<String> services = new ArrayList<>();

    @Option(names = "--output", paramLabel = "OUTPUT", description = "Write to OUTPUT instead of stdout.")
    Path output;

    @Option(names = "--policy-dir", paramLabel = "POLICY_DIR",
            description = "Look for policy in POLICY_DIR (default: /etc/qubes/policy.d); repeatable, "
                    + "in precedence order.")
    List<Path> policyDirectories = new ArrayList<>();

    @Option(names = "--legacy-dir", paramLabel = "DIR",
            description = "The R4.0 directory read by !compat-4.0 (default: /etc/qubes-rpc/policy).")
    Path legacyDirectory;

    @Mixin
    SystemInfoOptions systemInfo;

    @Option(names = "--skip-labels",
            description = "Do not include service names on the graph, also deduplicate connections.")
    boolean skipLabels;

    @Option(names = "--full-output", description = "Display full information on the connection.")
    boolean fullOutput;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            completionCandidates = FormatCandidates.class,
            description = "dot (default), or svg or png rendered by Graphviz's dot program.")
    GraphFormat format = GraphFormat.DOT;

    /** The system's policy directory: the graph leaves out the runtime one, as the reference does. */
    static final Path DEFAULT_POLICY_DIRECTORY = Path.of("/etc/qubes/policy.d");

    public GraphCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        validate(sources, TokenContext.SOURCE, "is not a valid call source");
        validate(targets, TokenContext.REDIRECT, "is not a valid actual call target");
        LoadResult loaded = PolicyLoader.load(LoadOptions.defaults()
                .withDirectories(policyDirectories.isEmpty() ? List.of(DEFAULT_POLICY_DIRECTORY) : policyDirectories)
                .withLegacyDirectory(legacyDirectory));
        if (!loaded.ok()) {
            return fail("the policy does not load: " + loaded.firstError().orElseThrow().format());
        }
        SystemInfo info;
        try {
            info = systemInfo.load();
        } catch (SystemInfoException e) {
            return fail(e.getMessage());
        }
        GraphOptions options = new GraphOptions(includeAsk, sources, targets, services, skipLabels, fullOutput);
        String dot = new PolicyGraph(CompiledPolicy.compile(loaded), info).dot(options);
        byte[] bytes;
        if (format == GraphFormat.DOT) {
            bytes = dot.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = new GraphvizRenderer(io.env().get("PATH"), Duration.ofMinutes(5)).render(dot, format);
            } catch (GraphvizRenderer.RenderException e) {
                return fail(e.getMessage());
            }
        }
        try {
            if (output == null) {
                io.out().write(bytes);
                io.out().flush();
            } else {
                Files.write(output, bytes);
            }
        } catch (IOException e) {
            return fail("cannot write " + output + ": " + IoReason.of(e));
        }
        return ExitCode.OK;
    }

    private void validate(List<String> values, TokenContext context, String complaint) {
        for (String value : values) {
            try {
                Token.parse(value, context);
            } catch (PolicySyntaxException e) {
                String option = context == TokenContext.SOURCE ? "--source" : "--target";
                throw new ParameterException(spec.commandLine(), option + " " + value + " " + complaint);
            }
        }
    }

    private int fail(String message) {
        io.err().println(spec.qualifiedName() + ": error: " + message);
        return ExitCode.FAILURE;
    }

    /** Reads {@code --format}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<GraphFormat> {
        @Override
        public GraphFormat convert(String value) {
            try {
                return GraphFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The values {@code --format} completes to. */
    static final class FormatCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(GraphFormat.values()).map(GraphFormat::word).iterator();
        }
    }
}
