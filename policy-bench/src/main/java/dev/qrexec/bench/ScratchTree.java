package dev.qrexec.bench;

import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A generated policy tree in a temporary directory, checked to load into the promised
 * number of rules, and deleted on {@link #close()}.
 */
final class ScratchTree implements AutoCloseable {
    /** The seed of every benchmark's tree, so that runs compare like with like. */
    static final long SEED = 20_250_401L;

    private final Path directory;
    private final GeneratedPolicy policy;

    private ScratchTree(Path directory, GeneratedPolicy policy) {
        this.directory = directory;
        this.policy = policy;
    }

    /** Writes a tree of {@code rules} rules and checks that it loads as generated. */
    static ScratchTree generate(int rules) throws IOException {
        Path directory = Files.createTempDirectory("qrexec-bench-");
        GeneratedPolicy policy = new PolicyGenerator(SEED).write(directory, rules);
        ScratchTree tree = new ScratchTree(directory, policy);
        LoadResult result = PolicyLoader.load(policy.loadOptions());
        if (!result.ok() || result.tree().rules().size() != rules) {
            tree.close();
            throw new IllegalStateException("the generated tree of " + rules + " rules loads into "
                    + result.tree().rules().size() + " rules: " + result.diagnostics());
        }
        return tree;
    }

    GeneratedPolicy policy() {
        return policy;
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
