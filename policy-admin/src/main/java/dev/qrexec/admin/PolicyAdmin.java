package dev.qrexec.admin;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.compat.Charsets;
import dev.qrexec.parser.compat.PythonRepr;
import dev.qrexec.parser.compat.StrictUtf8;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code policy.*} admin services: list, read, replace and remove the files of
 * the policy directory and its {@code include/} directory, and tell which files hold
 * rules for a service. Each request is checked in the reference's order, then served
 * under the exclusive lock of the policy directory: names are resolved strictly inside
 * their directory, tokens are compared with the current content, a change is refused
 * unless the whole policy still loads with it, and files are written atomically.
 * Every refusal and every failure leaves the directory as it was.
 */
public final class PolicyAdmin {
    private final AdminConfig config;
    private final AdminLog log;
    private final PolicyTree tree;

    public PolicyAdmin(AdminConfig config, AdminLog log) {
        this(config, log, FileView.real(), LoadOptions.DEFAULT_DEADLINE);
    }

    /**
     * Services that validate edits through {@code disk} (tests lay slow or blocking
     * files over the real ones), refusing an edit whose validation load has not
     * finished after {@code loadDeadline}.
     */
    PolicyAdmin(AdminConfig config, AdminLog log, FileView disk, Duration loadDeadline) {
        this.config = config;
        this.log = log;
        this.tree = PolicyTree.of(config, disk, loadDeadline);
    }

    /** Serves one request and logs it; never throws. */
    public Reply handle(AdminRequest request) {
        String call = request.fullName() + " (" + request.caller() + ")";
        try {
            byte[] output = serve(request);
            log.write(call);
            return new Reply.Success(output);
        } catch (Refusal.RefusedException e) {
            log.write(call + ": error: " + e.refusal().message());
            return new Reply.Refused(e.refusal());
        } catch (IOException | RuntimeException | Error e) {
            log.write(call + ": exception", e);
            return new Reply.InternalError(log.file());
        }
    }

    private byte[] serve(AdminRequest request) throws Refusal.RefusedException, IOException {
        String argument = request.argument();
        if (!argument.chars().allMatch(c -> Charsets.isServiceChar(c, true))) {
            throw protocol("Invalid argument: \"" + argument + "\"\n"
                    + "Valid characters are letters, numbers, dot, plus, hyphen and underline");
        }
        AdminService service = AdminService.named(request.service())
                .orElseThrow(() -> protocol("unrecognized method: " + request.service()));
        Operation operation = service.operation();
        if (!operation.takesArgument() && !argument.isEmpty()) {
            throw protocol("Unexpected argument");
        }
        byte[] payload = request.payload();
        if (!operation.takesPayload() && payload.length > 0) {
            throw protocol("Unexpected payload");
        }
        if (request.oversized()) {
            throw protocol("Payload too large: the limit is " + AdminRequest.MAX_PAYLOAD_BYTES + " bytes");
        }
        try (DirectoryLock lock = DirectoryLock.acquire(config.mainDirectory())) {
            Scope scope = service.scope();
            return switch (operation) {
                case LIST -> list(scope);
                case GET -> get(PolicyPath.resolve(scope, argument, config));
                case REPLACE -> replace(PolicyPath.resolve(scope, argument, config), payload, lock);
                case REMOVE -> remove(PolicyPath.resolve(scope, argument, config), payload, lock);
                case GET_FILES -> filesFor(argument);
            };
        }
    }

    /**
     * The names a client can use, sorted: regular files of the scope's directory whose
     * name follows the naming rules (so neither temporary files nor names the loader
     * refuses are listed), each followed by a newline.
     */
    private byte[] list(Scope scope) throws IOException {
        Path directory = config.directory(scope);
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                for (Path entry : entries) {
                    String file = entry.getFileName().toString();
                    if (file.endsWith(scope.suffix())) {
                        String name = file.substring(0, file.length() - scope.suffix().length());
                        if (isListed(scope, name)) {
                            names.add(name);
                        }
                    }
                }
            }
        }
        names.sort(String::compareTo);
        StringBuilder out = new StringBuilder();
        names.forEach(name -> out.append(name).append('\n'));
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private boolean isListed(Scope scope, String name) {
        try {
            return Files.isRegularFile(PolicyPath.resolve(scope, name, config).file());
        } catch (Refusal.RefusedException e) {
            return false;
        }
    }

    /** The token line, then the file's bytes as they are. */
    private byte[] get(PolicyPath path) throws Refusal.RefusedException, IOException {
        byte[] content = readExisting(path);
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 72);
        out.writeBytes((ContentHash.of(content) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        return out.toByteArray();
    }

    private byte[] replace(PolicyPath path, byte[] payload, DirectoryLock lock)
            throws Refusal.RefusedException, IOException {
        int newline = indexOf(payload, (byte) '\n');
        if (newline < 0) {
            throw protocol("Payload needs to include first line with token");
        }
        Precondition precondition = Precondition.parse(Arrays.copyOfRange(payload, 0, newline))
                .orElseThrow(() -> protocol("Unrecognized token"));
        byte[] content = Arrays.copyOfRange(payload, newline + 1, payload.length);
        precondition.check(path.file());
        if (Files.exists(path.file()) && !Files.isRegularFile(path.file())) {
            throw Precondition.notRegular(path.file()).exception();
        }
        requireUtf8(content);
        make(PolicyEdit.of(tree, PolicyEdit.Check.SERVICE).write(path.file(), content), lock);
        return new byte[0];
    }

    private byte[] remove(PolicyPath path, byte[] payload, DirectoryLock lock)
            throws Refusal.RefusedException, IOException {
        Precondition precondition = Precondition.parse(payload).orElseThrow(() -> protocol("Unrecognized token"));
        precondition.check(path.file());
        readExisting(path);
        make(PolicyEdit.of(tree, PolicyEdit.Check.SERVICE).delete(path.file()), lock);
        return new byte[0];
    }

    /**
     * The files holding rules for {@code service} (or for every service), in policy
     * order: files under the policy directory by their name without suffix, others
     * (legacy files) by their full path.
     */
    private byte[] filesFor(String service) throws Refusal.RefusedException {
        if (service.isEmpty()) {
            throw protocol("Service cannot be empty.");
        }
        if (service.indexOf('+') >= 0) {
            throw protocol("Service " + PythonRepr.str(service) + " contains invalid characters: ('+',)");
        }
        LoadResult result = tree.loadMain();
        if (result.firstError().isPresent()) {
            throw new Refusal(RefusalKind.SYNTAX,
                    "Policy does not load: " + Refusal.located(tree.withheld(result.firstError().get())))
                    .exception();
        }
        Set<String> names = new LinkedHashSet<>();
        for (Rule rule : result.tree().rules()) {
            if (rule.service().matches(service)) {
                names.add(displayName(rule.position().file()));
            }
        }
        StringBuilder out = new StringBuilder();
        names.forEach(name -> out.append(name).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String displayName(String file) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        if (!path.startsWith(config.mainDirectory())) {
            return file;
        }
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(0, dot) : name;
    }

    /** The bytes of a regular file; refuses with "Not found" for anything else. */
    private static byte[] readExisting(PolicyPath path) throws Refusal.RefusedException, IOException {
        if (!Files.isRegularFile(path.file())) {
            throw new Refusal(RefusalKind.FILE_NOT_FOUND, "Not found: " + path.file()).exception();
        }
        return FileView.real().read(path.file());
    }

    /**
     * Validates the edit (logging its warnings), refuses it when the policy would not
     * load, else writes it; a failed write is an internal error.
     */
    private void make(PolicyEdit edit, DirectoryLock lock) throws Refusal.RefusedException, IOException {
        Validation validation = edit.validate();
        for (Diagnostic warning : validation.warnings()) {
            log.write("warning: " + warning.message());
        }
        if (validation.firstError().isPresent()) {
            throw Refusal.invalidChange(validation.firstError().get()).exception();
        }
        try {
            edit.commit(lock, change -> { });
        } catch (PolicyEdit.Failed e) {
            throw e.reason();
        }
    }

    /**
     * Refuses content that is not strict UTF-8, naming the line of the first bad byte
     * (lines counted at LF, as the payload is split).
     */
    private static void requireUtf8(byte[] content) throws Refusal.RefusedException {
        try {
            StrictUtf8.decode(content);
        } catch (StrictUtf8.Invalid e) {
            int offset = e.offset();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (content[i] == '\n') {
                    line++;
                }
            }
            throw protocol("Content is not valid UTF-8: invalid byte at line " + line + " (byte offset "
                    + offset + ")");
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Refusal.RefusedException protocol(String message) {
        return new Refusal(RefusalKind.PROTOCOL, message).exception();
    }
}
