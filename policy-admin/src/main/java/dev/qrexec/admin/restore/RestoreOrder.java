package dev.qrexec.admin.restore;

import dev.qrexec.parser.ast.Blank;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.Position;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeMap;

/**
 * The order to restore policy files in: every file after the files it includes, so
 * that the live directory never refers to a file not there yet. Files are named by
 * their path relative to the policy directory ({@code 30-user.policy},
 * {@code include/admin-policy-rwx}); includes may only name such files, written
 * relative to the policy directory or absolute under the live one.
 */
public final class RestoreOrder {
    /** Why no order exists; the message names the file and line. */
    public static final class OrderException extends Exception {
        private static final long serialVersionUID = 1L;

        OrderException(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, PolicyFile> files;
    private final Path liveDirectory;

    /**
     * @param files         every file to restore, parsed, by relative name
     * @param liveDirectory the directory restored into, which absolute includes name
     */
    public RestoreOrder(Map<String, PolicyFile> files, Path liveDirectory) {
        this.files = new TreeMap<>(files);
        this.liveDirectory = liveDirectory;
    }

    /** The relative names in restoring order; ties in name order. */
    public List<String> order() throws OrderException {
        SequencedSet<String> done = new LinkedHashSet<>();
        for (String name : files.keySet()) {
            visit(name, new ArrayList<>(), done);
        }
        return List.copyOf(done);
    }

    private void visit(String name, List<String> path, SequencedSet<String> done) throws OrderException {
        if (done.contains(name)) {
            return;
        }
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new OrderException("include cycle: " + String.join(" -> ", cycle));
        }
        path.add(name);
        for (String included : includes(files.get(name))) {
            if (files.containsKey(included)) {
                visit(included, path, done);
            }
        }
        path.removeLast();
        done.add(name);
    }

    /** The relative names a file includes; {@code !include-dir include} includes every include file. */
    private List<String> includes(PolicyFile file) throws OrderException {
        List<String> names = new ArrayList<>();
        for (Line line : file.lines()) {
            switch (line) {
                case Include include -> names.add(relative(include.path(), include.position()));
                case IncludeService include -> names.add(relative(include.path(), include.position()));
                case IncludeDir include -> {
                    if (!relative(include.path() + "/x", include.position()).equals("include/x")) {
                        throw new OrderException(include.position().fileAndLine() + ": !include-dir "
                                + include.path() + " is not the include directory");
                    }
                    files.keySet().stream().filter(n -> n.startsWith("include/")).forEach(names::add);
                }
                case Rule _, LegacyRule _, Compat40 _, Comment _, Blank _, InvalidLine _ -> { }
            }
        }
        return names;
    }

    /** An include path as a relative name: a top-level file or {@code include/NAME}. */
    private String relative(String written, Position where) throws OrderException {
        Path path = Path.of(written).normalize();
        if (path.isAbsolute()) {
            if (!path.startsWith(liveDirectory)) {
                throw new OrderException(where.fileAndLine() + ": includes " + written + ", outside "
                        + liveDirectory);
            }
            path = liveDirectory.relativize(path);
        }
        String name = path.toString();
        boolean topLevel = path.getNameCount() == 1 && !name.equals("..") && !name.equals("include");
        boolean inInclude = path.getNameCount() == 2 && path.getName(0).toString().equals("include")
                && !path.getName(1).toString().equals("..");
        if (!topLevel && !inInclude) {
            throw new OrderException(where.fileAndLine() + ": includes " + written
                    + ", which is neither a top-level file nor in include/");
        }
        return name;
    }
}
