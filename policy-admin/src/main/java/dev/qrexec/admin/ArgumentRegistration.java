package dev.qrexec.admin;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.compat.Charsets;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code policy.RegisterArgument}: a backend qube registers, once, an argument of one
 * of its services for a frontend qube, which adds the rule
 * {@code SERVICE +ARGUMENT FRONTEND BACKEND allow} to
 * {@code 60-registered-arguments.policy}. Unlike the reference, the service and both
 * qube names are checked, the new file must keep the whole policy loadable, and it is
 * written atomically. The caller learns nothing but the exit status: every outcome
 * goes to the log only.
 */
public final class ArgumentRegistration {
    /** The file the rules are added to, in the main policy directory. */
    public static final String FILE_NAME = "60-registered-arguments.policy";
    /** The longest argument accepted, in bytes. */
    public static final int MAX_ARGUMENT_BYTES = 64;
    /** Replaces the log file. */
    public static final String REGISTER_LOG = "QREXEC_POLICY_REGISTER_LOG";
    public static final Path DEFAULT_LOG_FILE = Path.of("/var/log/qubes/policy-register.log");

    private static final Pattern QUBE = Pattern.compile(
            "[A-Za-z][A-Za-z0-9_.-]{0,30}|uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final AdminConfig config;
    private final AdminLog log;
    private final PolicyTree tree;

    public ArgumentRegistration(AdminConfig config, AdminLog log) {
        this.config = config;
        this.log = log;
        this.tree = PolicyTree.of(config);
    }

    /**
     * Registers the argument read from {@code in} for {@code service}, called by
     * {@code backend} for {@code frontend}; returns whether it was registered.
     */
    public boolean register(String service, String frontend, String backend, InputStream in) {
        String call = service + ": " + frontend + " \u2192 " + backend;
        try {
            byte[] argument = in.readNBytes(MAX_ARGUMENT_BYTES);
            boolean more = in.read() >= 0;
            Optional<String> refusal = more ? Optional.of("argument too long")
                    : argument.length == 0 ? Optional.of("empty argument")
                    : !isArgument(argument) ? Optional.of("invalid argument")
                    : !isService(service) ? Optional.of("invalid service name")
                    : !QUBE.matcher(frontend).matches() ? Optional.of("invalid frontend qube")
                    : !QUBE.matcher(backend).matches() ? Optional.of("invalid backend qube")
                    : Optional.empty();
            if (refusal.isPresent()) {
                log.write(call + " request refused: " + refusal.get());
                return false;
            }
            String text = new String(argument, StandardCharsets.US_ASCII);
            Optional<String> failure;
            try (DirectoryLock lock = DirectoryLock.acquire(config.mainDirectory())) {
                failure = add(service + " +" + text + " " + frontend + " " + backend + " allow\n", service, text,
                        lock);
            }
            log.write(call + " " + text + " argument " + failure.map(f -> "failed: " + f).orElse("allowed"));
            return failure.isEmpty();
        } catch (IOException | RuntimeException | Error e) {
            log.write(call + " request failed", e);
            return false;
        }
    }

    /** Adds the rule under the lock; the reason when it is not added. */
    private Optional<String> add(String rule, String service, String argument, DirectoryLock lock)
            throws IOException {
        LoadResult current = tree.loadEffective();
        if (current.firstError().isPresent()) {
            return Optional.of("the policy does not load: " + Refusal.located(current.firstError().get()));
        }
        for (Rule existing : current.tree().rules()) {
            if (existing.service() instanceof ServiceSpec.Named named && named.name().equals(service)
                    && existing.argument() instanceof ArgumentSpec.Exact exact
                    && exact.argument().equals("+" + argument)) {
                return Optional.of("argument already registered");
            }
        }
        Path file = config.mainDirectory().resolve(FILE_NAME);
        byte[] old = Files.isRegularFile(file) ? FileView.real().read(file) : new byte[0];
        String separator = old.length > 0 && old[old.length - 1] != '\n' ? "\n" : "";
        byte[] added = (separator + rule).getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[old.length + added.length];
        System.arraycopy(old, 0, content, 0, old.length);
        System.arraycopy(added, 0, content, old.length, added.length);
        PolicyEdit edit = PolicyEdit.of(tree, PolicyEdit.Check.SERVICE).write(file, content);
        Optional<Diagnostic> error = edit.validate().firstError();
        if (error.isPresent()) {
            return Optional.of("the rule would break the policy: " + Refusal.located(error.get()));
        }
        try {
            edit.commit(lock, change -> { });
        } catch (PolicyEdit.Failed e) {
            throw e.reason();
        }
        return Optional.empty();
    }

    private static boolean isArgument(byte[] argument) {
        for (byte b : argument) {
            if (b == '+' || !Charsets.isServiceChar(b, false)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isService(String service) {
        return !service.isEmpty() && service.chars().allMatch(c -> Charsets.isServiceChar(c, false));
    }
}
