package dev.qrexec.cli.toolkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.cli.Json;
import dev.qrexec.cli.PolicyOptions;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.SystemInfoFile;
import dev.qrexec.eval.suite.PolicyTestFile;
import dev.qrexec.eval.suite.TestFileException;
import dev.qrexec.eval.suite.TestResult;
import dev.qrexec.eval.suite.TestRunner;
import dev.qrexec.parser.IoReason;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qrexec-policy test}: runs policy tests written in YAML or JSON and reports
 * every failing request with the test's file and line, a summary, optionally JUnit
 * XML and the rules that decided no test.
 */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run policy tests: each test file (YAML or JSON) names the system information, optionally the policy "
                    + "directories, and requests with the decision they must get (allow, deny or ask; optionally "
                    + "the target, the deciding rule, the targets and default of an ask). A matrix test tries "
                    + "every combination of sources, targets and services; @tag:, @type: and @anyvm stand for the "
                    + "qubes of the system information.",
            "Every failing request is printed as TESTFILE:LINE: REQUEST: what differs [rule FILE:LINE], then "
                    + "a summary line. Decisions are exactly those of eval and the daemon.",
            "Exit status: 0 when every test passes (and coverage reaches --min-coverage), 1 when one fails, 2 "
                    + "for a wrong command line or test file, 3 when a policy does not load."})
public final class TestCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    PolicyOptions policy;

    @Option(names = "--system-info", paramLabel = "FILE",
            description = "The system information for test files that do not name their own.")
    Path systemInfo;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML to FILE.")
    Path junit;

    @Option(names = "--coverage", description = "List the rules that decided no test request.")
    boolean coverage;

    @Option(names = "--min-coverage", paramLabel = "PERCENT",
            description = "Fail (exit 1) when fewer than PERCENT %% of the rules decided a test request; "
                    + "implies --coverage.")
    Double minCoverage;

    @Option(names = "--json", description = "Print one JSON object {\"passed\", \"failed\", \"failures\": [...], "
            + "\"coverage\"?} instead.")
    boolean json;

    @Parameters(paramLabel = "TESTFILE", arity = "1..*", description = "Test files (.yaml, .yml or .json).")
    List<Path> files = new ArrayList<>();

    public TestCommand(Io io) {
        this.io = io;
    }

    /** The results of the tests run against one policy. */
    private record PolicyRun(CompiledPolicy policy, List<TestResult> results) {}

    @Override
    public Integer call() throws IOException {
        Map<LoadOptions, PolicyRun> runs = new LinkedHashMap<>();
        Map<Path, SystemInfo> infos = new LinkedHashMap<>();
        List<TestResult> all = new ArrayList<>();
        List<PolicyTestFile> read = new ArrayList<>();
        for (Path path : files) {
            try {
                read.add(PolicyTestFile.read(path));
            } catch (TestFileException e) {
                io.err().println(path + ":" + e.line() + ": error: " + e.getMessage());
                return ExitCode.USAGE;
            } catch (IOException e) {
                io.err().println("test: error: cannot read " + path + ": " + IoReason.of(e));
                return ExitCode.USAGE;
            }
        }
        for (PolicyTestFile file : read) {
            LoadOptions options = policy.loadOptions();
            if (!file.policyDirectories().isEmpty()) {
                options = options.withDirectories(file.policyDirectories());
            }
            if (file.legacyDirectory().isPresent()) {
                options = options.withLegacyDirectory(file.legacyDirectory().get());
            }
            SystemInfo info;
            try {
                if (file.systemInfoJson().isPresent()) {
                    info = SystemInfo.parse(file.systemInfoJson().get());
                } else {
                    Path infoFile = file.systemInfoFile().orElse(systemInfo);
                    if (infoFile == null) {
                        io.err().println(file.path() + ":1: error: no system_info in the file and no --system-info");
                        return ExitCode.USAGE;
                    }
                    info = infos.get(infoFile);
                    if (info == null) {
                        info = SystemInfoFile.read(infoFile, SystemInfoFile.Names.WITH_UUID_ALIASES);
                        infos.put(infoFile, info);
                    }
                }
            } catch (SystemInfoException e) {
                io.err().println(file.path() + ":1: error: " + e.getMessage());
                return ExitCode.USAGE;
            }
            PolicyRun run = runs.get(options);
            if (run == null) {
                Optional<CompiledPolicy> compiled = PolicyLoading.load(options, io, "test");
                if (compiled.isEmpty()) {
                    return ExitCode.POLICY_DOES_NOT_LOAD;
                }
                run = new PolicyRun(compiled.get(), new ArrayList<>());
                runs.put(options, run);
            }
            List<TestResult> results = new TestRunner(new Evaluator(run.policy()), info).run(file);
            run.results().addAll(results);
            all.addAll(results);
        }
        long failed = all.stream().filter(r -> !r.passed()).count();
        boolean wantCoverage = coverage || minCoverage != null;
        List<Rule> uncovered = new ArrayList<>();
        int ruleCount = 0;
        for (PolicyRun run : runs.values()) {
            Set<Position> decided = TestRunner.decidingRules(run.results());
            Set<Position> seen = new LinkedHashSet<>();
            for (Rule rule : run.policy().rules()) {
                if (rule.position().hasLine() && seen.add(rule.position())) {
                    ruleCount++;
                    if (!decided.contains(rule.position())) {
                        uncovered.add(rule);
                    }
                }
            }
        }
        double percent = ruleCount == 0 ? 100.0 : 100.0 * (ruleCount - uncovered.size()) / ruleCount;
        boolean coverageFails = minCoverage != null && percent + 1e-9 < minCoverage;
        if (junit != null) {
            Files.writeString(junit, JunitReport.of(read, all), StandardCharsets.UTF_8);
        }
        if (json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("requests", all.size());
            root.put("passed", all.size() - failed);
            root.put("failed", failed);
            ArrayNode failures = root.putArray("failures");
            for (TestResult r : all) {
                if (!r.passed()) {
                    ObjectNode node = failures.addObject();
                    node.put("file", r.file().toString());
                    node.put("line", r.line());
                    r.request().ifPresent(q -> {
                        node.put("source", q.source());
                        node.put("target", q.intendedTarget());
                        node.put("service_and_arg", q.serviceAndArgument());
                    });
                    node.put("expected", r.expected().decision());
                    r.actual().ifPresent(a -> {
                        node.put("actual", a.decision());
                        node.put("rule", a.rule().map(Position::fileAndLine).orElse(null));
                    });
                    ArrayNode problems = node.putArray("problems");
                    r.problems().forEach(problems::add);
                }
            }
            if (wantCoverage) {
                ObjectNode cov = root.putObject("coverage");
                cov.put("rules", ruleCount);
                cov.put("decided", ruleCount - uncovered.size());
                cov.put("percent", Math.round(percent * 10) / 10.0);
                ArrayNode list = cov.putArray("uncovered");
                for (Rule rule : uncovered) {
                    ObjectNode node = list.addObject();
                    node.put("file", rule.position().file());
                    node.put("line", rule.position().line());
                    node.put("text", rule.text());
                }
            }
            io.out().println(Json.MAPPER.writeValueAsString(root));
        } else {
            for (TestResult r : all) {
                if (!r.passed()) {
                    io.out().println(r.file() + ":" + r.line() + ": " + r.requestText() + ": "
                            + String.join("; ", r.problems())
                            + r.actual().map(a -> " [rule " + a.ruleText() + "]").orElse(""));
                }
            }
            if (wantCoverage) {
                for (Rule rule : uncovered) {
                    io.out().println(rule.position().fileAndLine() + ": not covered: " + rule.text());
                }
                io.out().println(String.format(Locale.ROOT, "coverage: %d of %d rules decided a test (%.1f%%)%s",
                        ruleCount - uncovered.size(), ruleCount, percent,
                        coverageFails ? String.format(Locale.ROOT, ", below the minimum of %.1f%%", minCoverage) : ""));
            }
            int testCount = read.stream().mapToInt(f -> f.tests().size()).sum();
            io.out().println(all.size() + " requests from " + testCount + " tests in " + read.size()
                    + (read.size() == 1 ? " file: " : " files: ") + (all.size() - failed) + " passed, " + failed
                    + " failed");
        }
        return failed > 0 || coverageFails ? ExitCode.FAILURE : ExitCode.OK;
    }
}
