package dev.qrexec.eval.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A file of policy tests, YAML or JSON:
 * <pre>
 * system_info: si.json          # relative to the test file, or inline {"domains": ...}
 * policy_dir: [policy.d]        # optional, relative to the test file
 * legacy_dir: legacy            # optional
 * tests:
 *   - source: work
 *     target: vault
 *     service: qubes.Gpg        # SERVICE or SERVICE+ARG
 *     expect: allow             # allow | deny | ask
 *     as: vault                 # optional: target=, rule=, targets_for_ask=, default_target=, requested_source=
 *   - matrix: {sources: [...], targets: [...], services: [...]}
 *     expect: deny              # or: cases: [...] and otherwise: deny
 * </pre>
 */
public record PolicyTestFile(Path path, Optional<Path> systemInfoFile, Optional<String> systemInfoJson,
                             List<Path> policyDirectories, Optional<Path> legacyDirectory, List<TestSpec> tests) {
    private static final Set<String> TOP = Set.of("system_info", "policy_dir", "legacy_dir", "tests");
    private static final Set<String> SINGLE = Set.of("source", "target", "service", "requested_source", "expect",
            "as", "rule", "targets_for_ask", "default_target", "name");
    private static final Set<String> MATRIX = Set.of("matrix", "expect", "otherwise", "cases", "name", "as", "rule",
            "targets_for_ask", "default_target");
    private static final Set<String> DIMENSIONS = Set.of("sources", "targets", "services");

    public PolicyTestFile {
        Objects.requireNonNull(path);
        Objects.requireNonNull(systemInfoFile);
        Objects.requireNonNull(systemInfoJson);
        policyDirectories = List.copyOf(policyDirectories);
        Objects.requireNonNull(legacyDirectory);
        tests = List.copyOf(tests);
    }

    /** Reads {@code path}: JSON when it ends in {@code .json}, YAML otherwise. */
    public static PolicyTestFile read(Path path) throws IOException, TestFileException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        Node root;
        try {
            root = Node.read(text, path.getFileName().toString().endsWith(".json"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            throw new TestFileException(line, "not valid " + (path.toString().endsWith(".json") ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage());
        }
        Path base = path.getParent() == null ? Path.of("") : path.getParent();
        Map<String, Node> top = mapping(root, "the test file").entries();
        unknownKeys(root, TOP);
        Optional<Path> infoFile = Optional.empty();
        Optional<String> infoJson = Optional.empty();
        Node info = top.get("system_info");
        if (info instanceof Node.Scalar s && !s.isNull()) {
            infoFile = Optional.of(base.resolve(s.text()).normalize());
        } else if (info instanceof Node.Mapping m) {
            infoJson = Optional.of(m.json());
        } else if (info != null) {
            throw new TestFileException(info.line(), "system_info must be a file name or a mapping");
        }
        List<Path> dirs = new ArrayList<>();
        Node policy = top.get("policy_dir");
        if (policy != null) {
            for (String dir : strings(policy, "policy_dir")) {
                dirs.add(base.resolve(dir).normalize());
            }
        }
        Optional<Path> legacy = Optional.ofNullable(top.get("legacy_dir"))
                .map(n -> n instanceof Node.Scalar s ? base.resolve(s.text()).normalize() : null);
        Node testsNode = top.get("tests");
        if (testsNode == null) {
            throw new TestFileException(root.line(), "no tests: the file needs a list under tests:");
        }
        if (!(testsNode instanceof Node.Sequence list)) {
            throw new TestFileException(testsNode.line(), "tests must be a list, not " + testsNode.kind());
        }
        List<TestSpec> tests = new ArrayList<>();
        for (Node item : list.items()) {
            Map<String, Node> entry = mapping(item, "a test").entries();
            tests.add(entry.containsKey("matrix") ? matrix(item) : single(item, true));
        }
        return new PolicyTestFile(path, infoFile, infoJson, dirs, legacy, tests);
    }

    private static TestSpec.Single single(Node node, boolean complete) throws TestFileException {
        unknownKeys(node, SINGLE);
        Map<String, Node> entry = mapping(node, "a test").entries();
        String source = text(entry, "source", node, complete);
        String target = text(entry, "target", node, complete);
        String service = text(entry, "service", node, complete);
        String requested = optionalText(entry, "requested_source").orElse("");
        return new TestSpec.Single(node.line(), source, target, service, requested, expectation(entry, "expect",
                node));
    }

    private static TestSpec.Matrix matrix(Node node) throws TestFileException {
        unknownKeys(node, MATRIX);
        Map<String, Node> entry = mapping(node, "a test").entries();
        Node dims = entry.get("matrix");
        unknownKeys(dims, DIMENSIONS);
        Map<String, Node> d = mapping(dims, "matrix").entries();
        List<String> sources = strings(required(d, "sources", dims), "sources");
        List<String> targets = strings(required(d, "targets", dims), "targets");
        List<String> services = strings(required(d, "services", dims), "services");
        if (entry.containsKey("expect") && entry.containsKey("otherwise")) {
            throw new TestFileException(node.line(), "give either expect or otherwise, not both");
        }
        Expectation otherwise = expectation(entry, entry.containsKey("otherwise") ? "otherwise" : "expect", node);
        List<TestSpec.Single> cases = new ArrayList<>();
        Node list = entry.get("cases");
        if (list != null) {
            if (!(list instanceof Node.Sequence seq)) {
                throw new TestFileException(list.line(), "cases must be a list, not " + list.kind());
            }
            for (Node item : seq.items()) {
                cases.add(single(item, true));
            }
        }
        return new TestSpec.Matrix(node.line(), sources, targets, services, cases, otherwise);
    }

    private static Expectation expectation(Map<String, Node> entry, String key, Node node) throws TestFileException {
        String decision = text(entry, key, node, true);
        if (!Set.of("allow", "deny", "ask").contains(decision)) {
            throw new TestFileException(entry.get(key).line(), key + " must be allow, deny or ask, not " + decision);
        }
        Optional<List<String>> targets = Optional.empty();
        if (entry.containsKey("targets_for_ask")) {
            targets = Optional.of(strings(entry.get("targets_for_ask"), "targets_for_ask"));
        }
        return new Expectation(decision, optionalText(entry, "as"), optionalText(entry, "rule"), targets,
                optionalText(entry, "default_target"));
    }

    private static Node.Mapping mapping(Node node, String what) throws TestFileException {
        if (node instanceof Node.Mapping m) {
            return m;
        }
        throw new TestFileException(node.line(), what + " must be a mapping, not " + node.kind());
    }

    private static void unknownKeys(Node node, Set<String> known) throws TestFileException {
        if (node instanceof Node.Mapping m) {
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                if (!known.contains(e.getKey())) {
                    throw new TestFileException(e.getValue().line(), "unknown key " + e.getKey() + " (known: "
                            + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }
    }

    private static Node required(Map<String, Node> map, String key, Node owner) throws TestFileException {
        Node node = map.get(key);
        if (node == null) {
            throw new TestFileException(owner.line(), "missing " + key);
        }
        return node;
    }

    private static String text(Map<String, Node> map, String key, Node owner, boolean required)
            throws TestFileException {
        Node node = map.get(key);
        if (node == null) {
            if (required) {
                throw new TestFileException(owner.line(), "missing " + key);
            }
            return "";
        }
        if (!(node instanceof Node.Scalar s) || s.isNull()) {
            throw new TestFileException(node.line(), key + " must be text, not " + node.kind());
        }
        return s.text();
    }

    private static Optional<String> optionalText(Map<String, Node> map, String key) throws TestFileException {
        return map.containsKey(key) ? Optional.of(text(map, key, map.get(key), true)) : Optional.empty();
    }

    private static List<String> strings(Node node, String key) throws TestFileException {
        List<String> out = new ArrayList<>();
        if (node instanceof Node.Scalar s && !s.isNull()) {
            out.add(s.text());
            return out;
        }
        if (!(node instanceof Node.Sequence seq)) {
            throw new TestFileException(node.line(), key + " must be a list, not " + node.kind());
        }
        for (Node item : seq.items()) {
            if (!(item instanceof Node.Scalar s) || s.isNull()) {
                throw new TestFileException(item.line(), key + " must hold text, not " + item.kind());
            }
            out.add(s.text());
        }
        return out;
    }
}
