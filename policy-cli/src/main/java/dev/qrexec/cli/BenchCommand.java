package dev.qrexec.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Interaction;
import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.Responder;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qrexec-policy bench}: how long this machine takes to load a policy and to
 * answer requests with it. Answers are the full daemon replies (assume-yes mode, so
 * that an ask is answered without a prompt), each request in turn, repeated in
 * batches until the time per request is stable; the median of the stable batches is
 * reported.
 */
@Command(name = "bench", hidden = true, mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Time loading the policy, then answering the requests of a JSON-lines file repeatedly until "
                    + "the time per request is stable; print the median time per request.",
            "For benchmarks with error bars use the JMH module (see policy-bench/README.md)."})
final class BenchCommand implements Callable<Integer> {
    private static final long BATCH_NANOS = 50_000_000L;
    private static final int STABLE_BATCHES = 10;
    private static final int MAX_BATCHES = 200;

    private final Io io;

    @Mixin
    PolicyOptions policy;

    @Mixin
    SystemInfoOption systemInfo;

    @Option(names = "--requests", paramLabel = "FILE", required = true,
            description = "The requests, as JSON lines {\"source\", \"target\", \"service_and_arg\", "
                    + "\"requested_source\"?} (- for standard input).")
    String requests;

    @Option(names = "--json", description = "Print {\"rules\", \"load_ms\", \"requests\", \"eval_ns_per_request\"}.")
    boolean json;

    @Option(names = "--max-seconds", paramLabel = "SECONDS", defaultValue = "20",
            description = "Stop measuring after this long even if the time per request is not stable yet "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    /** Keeps the replies observable so that the work is not optimised away. */
    private long sink;

    BenchCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        List<Request> list;
        try {
            list = RequestLines.read(requests, io.in());
        } catch (RequestLines.BadRequestLine e) {
            io.err().println("bench: " + requests + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (list.isEmpty()) {
            io.err().println("bench: " + requests + " holds no request");
            return ExitCode.USAGE;
        }
        SystemInfo info = systemInfo.load();
        long start = System.nanoTime();
        LoadResult loaded = PolicyLoader.load(policy.loadOptions());
        Evaluator evaluator = new Evaluator(CompiledPolicy.compile(loaded));
        double loadMillis = (System.nanoTime() - start) / 1e6;
        if (!loaded.ok()) {
            io.err().println("bench: the policy does not load: " + loaded.firstError().orElseThrow().format());
            return ExitCode.FAILURE;
        }
        Request[] batch = list.toArray(new Request[0]);
        int repeat = 1;
        double[] perRequest = new double[MAX_BATCHES];
        int batches = 0;
        double median = Double.NaN;
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        while (batches < MAX_BATCHES) {
            long t0 = System.nanoTime();
            for (int r = 0; r < repeat; r++) {
                for (Request request : batch) {
                    sink += Responder.respond(evaluator.evaluate(request, info), info, Mode.ASSUME_YES_FOR_ASK,
                            Interaction.NONE).text().length();
                }
            }
            long elapsed = System.nanoTime() - t0;
            if (elapsed < BATCH_NANOS / 2) {
                repeat *= 2;
                continue;
            }
            perRequest[batches++] = (double) elapsed / ((long) repeat * batch.length);
            boolean late = System.nanoTime() > deadline;
            if (batches >= 2 * STABLE_BATCHES || late) {
                int stable = Math.min(STABLE_BATCHES, batches);
                double[] last = Arrays.copyOfRange(perRequest, batches - stable, batches);
                Arrays.sort(last);
                median = last[stable / 2];
                if (late) {
                    break;
                }
                double spread = (last[stable - 2] - last[1]) / median;
                if (spread < 0.10) {
                    break;
                }
            }
        }
        int rules = loaded.tree().rules().size();
        if (json) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("rules", rules);
            out.put("load_ms", Math.round(loadMillis * 10) / 10.0);
            out.put("requests", batch.length);
            out.put("eval_ns_per_request", Math.round(median * 10) / 10.0);
            io.out().println(Json.MAPPER.writeValueAsString(out));
        } else {
            io.out().printf("rules: %d%nload: %.1f ms%nrequests: %d%neval: %.1f ns/request (median of %d stable "
                    + "batches)%n", rules, loadMillis, batch.length, median, STABLE_BATCHES);
        }
        return sink == Long.MIN_VALUE ? ExitCode.FAILURE : ExitCode.OK;
    }
}
