package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever a client sends as a name, the file operated on lies directly in the scope's directory. */
class PolicyPathTest {
    private static Path scratch;
    private static AdminConfig config;

    @BeforeContainer
    static void createDirectory() throws IOException {
        scratch = Files.createTempDirectory("policy-path").toRealPath();
        Path main = scratch.resolve("policy.d");
        Files.createDirectories(main.resolve("include"));
        Files.createSymbolicLink(main.resolve("include/out"), Path.of("../../elsewhere"));
        Files.createSymbolicLink(main.resolve("up.policy"), Path.of("../x.policy"));
        Files.createSymbolicLink(main.resolve("in.policy"), Path.of("include/in"));
        config = new AdminConfig(main, Optional.empty(), scratch.resolve("legacy"), scratch.resolve("log"));
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (var walk = Files.walk(scratch)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Property(tries = 500)
    void everyAcceptedNameLiesInItsDirectory(@ForAll("names") String name) {
        for (Scope scope : Scope.values()) {
            try {
                PolicyPath path = PolicyPath.resolve(scope, name, config);
                assertEquals(config.directory(scope), path.file().getParent());
            } catch (Refusal.RefusedException refused) {
                RefusalKind kind = refused.refusal().kind();
                assertTrue(kind == RefusalKind.INVALID_FILE_NAME || kind == RefusalKind.INVALID_FILE_PATH,
                        kind::toString);
            }
        }
    }

    @Property
    void validNamesResolveToTheirFile(@ForAll("validNames") String name) throws Refusal.RefusedException {
        assertEquals(config.mainDirectory().resolve(name + ".policy"),
                PolicyPath.resolve(Scope.MAIN, name, config).file());
        assertEquals(config.mainDirectory().resolve("include").resolve(name),
                PolicyPath.resolve(Scope.INCLUDE, name, config).file());
    }

    @Property(tries = 50)
    void symlinksOutOfTheDirectoryAreRefused(@ForAll("escapes") String name) {
        Scope scope = name.equals("out") ? Scope.INCLUDE : Scope.MAIN;
        Refusal.RefusedException refused = assertThrows(Refusal.RefusedException.class,
                () -> PolicyPath.resolve(scope, name, config));
        assertEquals(new Refusal(RefusalKind.INVALID_FILE_PATH, "Expecting a path inside " + config.directory(scope)),
                refused.refusal());
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("./-_+aZ9~\\ \0").ofMaxLength(8)
                .injectDuplicates(0.1)
                .edgeCases(c -> c.add("..").add(".").add("").add("up").add("in").add("out"));
    }

    @Provide
    Arbitrary<String> validNames() {
        return Arbitraries.strings().withChars("abcz019_-").ofMinLength(1).ofMaxLength(20)
                .filter(n -> !n.equals("up") && !n.equals("in"));
    }

    @Provide
    Arbitrary<String> escapes() {
        return Arbitraries.of("up", "in", "out");
    }
}
