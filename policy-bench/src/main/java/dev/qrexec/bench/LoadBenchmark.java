package dev.qrexec.bench;

import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a generated policy tree from disk (directory listing, realpath, reading,
 * UTF-8 decoding, parsing, includes), as the daemon does on every policy change, and
 * loading plus compiling the evaluation index. The JVMs run with default settings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(3)
public class LoadBenchmark {
    /** Rules in the tree. */
    @Param("100000")
    public int rules;

    private ScratchTree tree;
    private LoadOptions options;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        tree = ScratchTree.generate(rules);
        options = tree.policy().loadOptions();
    }

    @TearDown(Level.Trial)
    public void delete() {
        tree.close();
    }

    @Benchmark
    public LoadResult load() {
        return PolicyLoader.load(options);
    }

    @Benchmark
    public CompiledPolicy loadAndCompile() {
        return CompiledPolicy.compile(PolicyLoader.load(options));
    }
}
