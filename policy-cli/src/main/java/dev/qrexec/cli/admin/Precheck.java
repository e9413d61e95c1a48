package dev.qrexec.cli.admin;

import dev.qrexec.admin.AdminCallException;
import dev.qrexec.admin.AdminConfig;
import dev.qrexec.admin.Fetched;
import dev.qrexec.admin.PolicyClient;
import dev.qrexec.admin.Scope;
import dev.qrexec.lsp.EditCheck;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The editor's check of the edited text against the whole policy before it is sent,
 * with the language server's diagnostics (errors of the whole tree, warnings of the
 * edited file). In dom0 the policy directories are read where they are; from a qube
 * the main directory and its include directory are fetched through the services
 * into a private temporary copy, whose files are named as the services name them,
 * relative to the policy directory ({@code 30-user.policy}, {@code include/NAME}).
 */
interface Precheck {
    /** The problems of the policy with {@code content} as {@code file}. */
    List<Diagnostic> check(FileArgument file, byte[] content) throws IOException;

    /** The check of the policy as the local services see it. */
    static Precheck local(AdminConfig config) {
        return (file, content) -> {
            List<Path> directories = new ArrayList<>();
            config.runtimeDirectory().filter(Files::isDirectory).ifPresent(directories::add);
            directories.add(config.mainDirectory());
            Path path = config.directory(file.scope()).resolve(file.name() + file.scope().suffix());
            return EditCheck.check(directories, config.legacyDirectory(), path, content, Optional.empty());
        };
    }

    /** The check of a copy of dom0's main directory, fetched through the services. */
    static Precheck mirrored(PolicyClient client, Path tmpdir) {
        return (file, content) -> {
            Path root = Files.createTempDirectory(tmpdir, "policy-check");
            try {
                Path main = Files.createDirectories(root.resolve("policy.d"));
                Files.createDirectories(main.resolve("include"));
                for (Scope scope : Scope.values()) {
                    for (String name : client.list(scope)) {
                        Fetched fetched = client.get(scope, name);
                        Files.write(scope.directory(main).resolve(name + scope.suffix()), fetched.content());
                    }
                }
                Path path = file.scope().directory(main).resolve(file.name() + file.scope().suffix());
                List<Diagnostic> found = EditCheck.check(List.of(main), root.resolve("legacy"), path, content,
                        Optional.empty());
                String prefix = main + "/";
                return found.stream().map(d -> d.position().file().startsWith(prefix)
                        ? new Diagnostic(d.code(), d.severity(), new Position(d.position().file()
                                .substring(prefix.length()), d.position().line(), d.position().column()),
                                d.message().replace(prefix, ""), d.hint())
                        : d).toList();
            } catch (AdminCallException e) {
                return List.of();
            } finally {
                try (Stream<Path> all = Files.walk(root)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        };
    }
}
