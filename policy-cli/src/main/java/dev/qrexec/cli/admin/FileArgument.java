package dev.qrexec.cli.admin;

import dev.qrexec.admin.Scope;
import dev.qrexec.parser.compat.Charsets;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A file named on the command line of the admin clients: {@code [include/]NAME}. */
record FileArgument(Scope scope, String name) {
    static final String INCLUDE = "include/";

    /** {@code include/NAME} names an include file, anything else a main file. */
    static FileArgument of(String text) {
        return text.startsWith(INCLUDE)
                ? new FileArgument(Scope.INCLUDE, text.substring(INCLUDE.length()))
                : new FileArgument(Scope.MAIN, text);
    }

    /**
     * The repr of the sorted distinct characters of the name that no service name
     * may have ({@code A-Z a-z 0-9 + - . _} are allowed), or empty when there are none.
     */
    Optional<String> invalidCharacters() {
        String bad = name.codePoints()
                .filter(cp -> !Charsets.isServiceChar(cp, true))
                .boxed()
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .map(Character::toString)
                .collect(Collectors.joining());
        return bad.isEmpty() ? Optional.empty() : Optional.of(PythonRepr.str(bad));
    }
}
