package dev.qrexec.lsp;

import dev.qrexec.eval.Explanation;
import dev.qrexec.eval.SystemInfoSource;
import dev.qrexec.parser.load.LoadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the server is started: the policy as the daemon reads it, where the system
 * information comes from, and the texts it shares with the command-line tools.
 *
 * @param policyDirectories the policy directories in precedence order (empty: the system's)
 * @param legacyDirectory   the R4.0 directory of {@code !compat-4.0} (null: the system's)
 * @param systemInfo        the system information given on the command line; it wins over the client's
 * @param fallbackInfo      where to ask when neither the command line nor the client gives any
 *                          (qubesd, when the server runs in dom0)
 * @param explanationText   an explanation as {@code qrexec-policy explain} prints it
 * @param formatter         the text of a formatted policy file
 */
public record ServerOptions(List<Path> policyDirectories, Path legacyDirectory, Optional<SystemInfoSource> systemInfo,
                            Optional<SystemInfoSource> fallbackInfo, Function<Explanation, String> explanationText,
                            PolicyFormatter formatter) {
    public ServerOptions {
        policyDirectories = List.copyOf(policyDirectories);
        Objects.requireNonNull(systemInfo, "systemInfo");
        Objects.requireNonNull(fallbackInfo, "fallbackInfo");
        Objects.requireNonNull(explanationText, "explanationText");
        Objects.requireNonNull(formatter, "formatter");
    }

    /** These directories, no system information, the short explanation and the formatter of fmt. */
    public static ServerOptions of(List<Path> policyDirectories, Path legacyDirectory) {
        return new ServerOptions(policyDirectories, legacyDirectory, Optional.empty(), Optional.empty(),
                ExplanationSummary::of, PolicyFormatter.FMT);
    }

    public ServerOptions withSystemInfo(Optional<SystemInfoSource> source) {
        return new ServerOptions(policyDirectories, legacyDirectory, source, fallbackInfo, explanationText,
                formatter);
    }

    public ServerOptions withFallbackInfo(Optional<SystemInfoSource> source) {
        return new ServerOptions(policyDirectories, legacyDirectory, systemInfo, source, explanationText,
                formatter);
    }

    public ServerOptions withExplanationText(Function<Explanation, String> text) {
        return new ServerOptions(policyDirectories, legacyDirectory, systemInfo, fallbackInfo, text, formatter);
    }

    public ServerOptions withFormatter(PolicyFormatter newFormatter) {
        return new ServerOptions(policyDirectories, legacyDirectory, systemInfo, fallbackInfo, explanationText,
                newFormatter);
    }

    /** The load options of the whole tree (every problem collected) over this file view. */
    LoadOptions loadOptions(dev.qrexec.parser.load.FileView view) {
        return LoadOptions.defaults().withDirectories(policyDirectories).withLegacyDirectory(legacyDirectory)
                .collectingAll(true).withView(view);
    }
}
