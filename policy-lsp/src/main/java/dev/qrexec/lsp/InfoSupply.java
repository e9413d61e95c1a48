package dev.qrexec.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.SystemInfoFile;
import dev.qrexec.eval.SystemInfoSource;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the server gets the system information, in this order: the command line's
 * {@code --system-info FILE}; the client's {@code initializationOptions} or settings
 * ({@code systemInfo}: the document itself, or {@code systemInfoFile}: a path, at the
 * top level or under {@code qrexecPolicy}); else the fallback (qubesd in dom0), asked
 * again at most every {@link #FALLBACK_REFRESH_NANOS}. Used on the analysis thread only.
 */
final class InfoSupply {
    static final long FALLBACK_REFRESH_NANOS = 10_000_000_000L;

    /** The system information, or why there is none. */
    record Outcome(Optional<SystemInfo> info, String problem) {}

    private final Optional<SystemInfoSource> commandLine;
    private final Optional<SystemInfoSource> fallback;
    private SystemInfoSource client;
    private Outcome fallbackOutcome;
    private long fallbackAt;

    InfoSupply(Optional<SystemInfoSource> commandLine, Optional<SystemInfoSource> fallback) {
        this.commandLine = commandLine;
        this.fallback = fallback;
    }

    /**
     * Takes the client's settings: true when they name system information (then it
     * replaces what the client gave before).
     */
    boolean configure(Object settings) {
        if (!(settings instanceof JsonObject object)) {
            return false;
        }
        JsonObject scope = object;
        for (String key : new String[] {"qrexecPolicy", "qrexec-policy", "qrexec_policy"}) {
            if (object.get(key) instanceof JsonObject nested) {
                scope = nested;
            }
        }
        JsonElement document = scope.get("systemInfo");
        if (document instanceof JsonObject inline) {
            String json = inline.toString();
            client = () -> SystemInfo.parse(json);
            return true;
        }
        JsonElement file = scope.get("systemInfoFile");
        if (file instanceof JsonPrimitive primitive && primitive.isString() && !primitive.getAsString().isEmpty()) {
            client = new SystemInfoFile(Path.of(primitive.getAsString()));
            return true;
        }
        return false;
    }

    Outcome get() {
        if (commandLine.isPresent()) {
            return fetch(commandLine.get(), "--system-info");
        }
        if (client != null) {
            return fetch(client, "the client's settings");
        }
        if (fallback.isPresent()) {
            long now = System.nanoTime();
            if (fallbackOutcome == null || now - fallbackAt > FALLBACK_REFRESH_NANOS) {
                fallbackOutcome = fetch(fallback.get(), fallback.get().toString());
                fallbackAt = now;
            }
            return fallbackOutcome;
        }
        return new Outcome(Optional.empty(), "no system information: start the server with --system-info FILE, "
                + "or give systemInfo or systemInfoFile in the client's initializationOptions or settings");
    }

    private static Outcome fetch(SystemInfoSource source, String from) {
        try {
            return new Outcome(Optional.of(source.get()), "");
        } catch (SystemInfoException | RuntimeException e) {
            return new Outcome(Optional.empty(), "no system information from " + from + ": " + e.getMessage());
        }
    }
}
