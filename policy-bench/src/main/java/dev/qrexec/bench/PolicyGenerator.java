package dev.qrexec.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes realistic generated policy trees of a given number of rules: about a thousand
 * rules a top-level file (at most a hundred files), each file about a few services of
 * its own plus some of the well-known {@code qubes.*} services, rules in groups under
 * comments, literal, {@code uuid:}, tag, type, disposable and keyword tokens, all three
 * actions with their parameters, and a few rules for any service. The tree also holds
 * every kind of directive: {@code !include} (every tenth file), {@code !include-dir},
 * {@code !include-service} of a legacy-syntax file, {@code !compat-4.0} with a legacy
 * directory, and a runtime file hiding a file of the same name. The same seed and size
 * give the same tree, which loads without error into exactly the requested number of
 * rules.
 */
public final class PolicyGenerator {
    /** Rules of one top-level file, about. */
    public static final int RULES_PER_FILE = 1000;
    /** Top-level files at most. */
    public static final int MAX_FILES = 100;

    private static final List<String> SHARED_SERVICES = List.of("qubes.Filecopy", "qubes.OpenInVM",
            "qubes.OpenURL", "qubes.ClipboardPaste", "qubes.Gpg", "qubes.GpgImportKey", "qubes.VMShell",
            "qubes.StartApp", "qubes.GetDate", "qubes.USB", "qubes.USBAttach", "qubes.InputMouse",
            "qubes.InputKeyboard", "qubes.UpdatesProxy", "qubes.ConnectTCP", "qubes.PdfConvert",
            "qubes.GetImageRGBA", "qubes.SyncAppMenus", "qubes.NotifyUpdates", "qubes.SshAgent",
            "admin.vm.List", "admin.vm.property.Get", "admin.vm.feature.Get", "admin.vm.Start", "policy.Get",
            "u2f.Register", "u2f.Authenticate", "whonix.SdwdateStatus");
    private static final List<String> ARGUMENTS = List.of("+", "+22", "+443", "+8080", "+firefox",
            "+org.gnome.Terminal", "+netvm", "+label", "+updates-available", "+sys-usb", "+sign", "+a+b",
            "+default", "+backup");
    private static final List<String> TYPES = List.of("AppVM", "TemplateVM", "DispVM", "StandaloneVM", "AdminVM",
            "RemoteVM");
    private static final List<String> TOPICS = List.of("user", "work", "gpg", "usb", "net", "admin", "backup",
            "devel", "media", "vault", "mgmt", "audio");
    private static final String LEGACY_SERVICE = "qubes.Gpg";

    private final long seed;

    public PolicyGenerator(long seed) {
        this.seed = seed;
    }

    /**
     * Writes a tree and its {@code system-info.json}:
     * {@code PolicyGenerator DIRECTORY RULES [SEED]}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: PolicyGenerator DIRECTORY RULES [SEED]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        long seed = args.length == 3 ? Long.parseLong(args[2]) : ScratchTree.SEED;
        GeneratedPolicy policy = new PolicyGenerator(seed).write(root, Integer.parseInt(args[1]));
        Files.writeString(root.resolve("system-info.json"), policy.system().systemInfoJson());
        System.out.printf(Locale.ROOT, "%d rules in %d files (%d bytes) under %s; policy directories %s and %s, "
                        + "legacy directory %s, system information %s%n", policy.rules(), policy.files(),
                policy.bytes(), root, policy.policyDirectories().get(0), policy.policyDirectories().get(1),
                policy.legacyDirectory(), root.resolve("system-info.json"));
    }

    /** Writes a tree of {@code rules} rules under {@code root} (which it creates). */
    public GeneratedPolicy write(Path root, int rules) throws IOException {
        if (rules < Layout.minimumRules(rules)) {
            throw new IllegalArgumentException("at least " + Layout.minimumRules(rules) + " rules, not " + rules);
        }
        return new Writer(root, rules).write();
    }

    /** Where the directives go and how many rules each part of the tree gets. */
    private record Layout(int files, int featureRules) {
        static Layout of(int rules) {
            int files = Math.clamp((rules + RULES_PER_FILE - 1) / RULES_PER_FILE, 1, MAX_FILES);
            return new Layout(files, Math.clamp(rules / 500, 1, 20));
        }

        static int minimumRules(int rules) {
            return of(rules).fixedRules();
        }

        boolean hasInclude(int file) {
            return file % 10 == 0;
        }

        int includeServiceFile() {
            return files / 2;
        }

        int includeDirFile() {
            return files / 3;
        }

        int compatFile() {
            return files * 35 / 100;
        }

        int runtimeFile() {
            return files / 4;
        }

        /** Rules outside the top-level files: included, legacy and compat rules, implicit denies. */
        int fixedRules() {
            int includes = (files + 9) / 10;
            return includes * featureRules + featureRules + 3 * featureRules + compatRules();
        }

        /** Four legacy files of {@code featureRules} rules, two with an argument (two implicit denies each). */
        int compatRules() {
            return 4 * featureRules + 4;
        }
    }

    /** One run of the generator. */
    private final class Writer {
        private final Path root;
        private final Path etc;
        private final Path run;
        private final Path legacy;
        private final int rules;
        private final Layout layout;
        private final SplittableRandom random;
        private final GeneratedSystem system;
        private final Set<String> calls = new LinkedHashSet<>();
        private int written;
        private int files;
        private long bytes;

        Writer(Path root, int rules) {
            this.root = root;
            this.etc = root.resolve("etc");
            this.run = root.resolve("run");
            this.legacy = root.resolve("legacy");
            this.rules = rules;
            this.layout = Layout.of(rules);
            this.random = new SplittableRandom(seed);
            this.system = GeneratedSystem.generate(seed);
        }

        GeneratedPolicy write() throws IOException {
            Files.createDirectories(etc.resolve("include/local.d"));
            Files.createDirectories(run.resolve("include/local.d"));
            Files.createDirectories(legacy);
            int topLevel = rules - layout.fixedRules();
            for (int i = 0; i < layout.files(); i++) {
                int quota = topLevel / layout.files() + (i < topLevel % layout.files() ? 1 : 0);
                topLevelFile(i, quota);
            }
            if (written != rules) {
                throw new IllegalStateException("generated " + written + " rules instead of " + rules);
            }
            return new GeneratedPolicy(root, List.of(run, etc), legacy, written, files, bytes,
                    List.copyOf(calls), system);
        }

        private void topLevelFile(int index, int quota) throws IOException {
            String topic = TOPICS.get(index % TOPICS.size());
            int prefix = 10 + index * 80 / layout.files();
            String name = String.format(Locale.ROOT, "%02d-%s-%03d.policy", prefix, topic, index);
            List<String> own = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                own.add(String.format(Locale.ROOT, "%s.Service%03d%c", topic, index, (char) ('a' + k)));
            }
            List<String> shared = List.of(pick(SHARED_SERVICES), pick(SHARED_SERVICES), pick(SHARED_SERVICES));
            StringBuilder text = new StringBuilder();
            text.append("# ").append(name).append(": generated policy for the ").append(topic).append(" qubes\n");
            text.append("# Rules are evaluated top to bottom; the first matching rule decides.\n");
            boolean runtime = index == layout.runtimeFile() && layout.files() > 1;
            Path base = runtime ? run : etc;
            List<String> directives = directives(index, base);
            boolean aligned = random.nextBoolean();
            int groups = Math.max(1, quota / 12);
            int left = quota;
            for (int g = 0; g < groups; g++) {
                if (!directives.isEmpty() && random.nextInt(groups - g) < directives.size()) {
                    text.append('\n').append(directives.removeFirst()).append('\n');
                }
                int size = g == groups - 1 ? left : Math.min(left, 1 + random.nextInt(22));
                String service = random.nextInt(100) < 80 ? pick(own) : pick(shared);
                List<String> arguments = arguments(service);
                text.append("\n# ").append(service).append('\n');
                for (int r = 0; r < size; r++) {
                    if (random.nextInt(500) == 0) {
                        text.append(rule("*", "*", aligned, true));
                    } else {
                        text.append(rule(service, random.nextInt(100) < 60 ? "*" : pick(arguments), aligned, false));
                    }
                }
                left -= size;
            }
            for (String directive : directives) {
                text.append('\n').append(directive).append('\n');
            }
            written += quota;
            writeFile(base.resolve(name), text.toString(), true);
            if (runtime) {
                // the same name in /etc is hidden by the runtime file and never read
                writeFile(etc.resolve(name), "qubes.Filecopy * @anyvm @anyvm deny\n", false);
            }
        }

        /**
         * The directive lines of a top-level file in {@code base}, in the order they
         * appear; writes the files they read (relative paths start at {@code base}).
         */
        private List<String> directives(int index, Path base) throws IOException {
            List<String> directives = new ArrayList<>();
            if (index == layout.compatFile()) {
                directives.add("!compat-4.0");
                compatDirectory();
            }
            if (layout.hasInclude(index)) {
                String include = String.format(Locale.ROOT, "include/extra-%03d", index);
                directives.add("!include " + include);
                writeFile(base.resolve(include), plainRules(layout.featureRules()), true);
            }
            if (index == layout.includeDirFile()) {
                directives.add("!include-dir include/local.d");
                for (String name : List.of("10-local.policy", "20-local.policy", "50-local.policy")) {
                    writeFile(base.resolve("include/local.d").resolve(name), plainRules(layout.featureRules()), true);
                }
            }
            if (index == layout.includeServiceFile()) {
                directives.add("!include-service " + LEGACY_SERVICE + " * include/gpg-legacy");
                calls.add(LEGACY_SERVICE);
                writeFile(base.resolve("include/gpg-legacy"), legacyRules(layout.featureRules()), true);
            }
            return directives;
        }

        private void compatDirectory() throws IOException {
            for (String name : List.of("qubes.Gpg", "qubes.Gpg+sign", "qubes.ConnectTCP+22", "admin.vm.List")) {
                writeFile(legacy.resolve(name), legacyRules(layout.featureRules()), true);
                calls.add(name);
            }
            writeFile(legacy.resolve("qubes.Gpg.rpmnew"), "$anyvm $anyvm allow\n", false);
            written += 4; // the implicit denies after qubes.Gpg+sign and qubes.ConnectTCP+22
        }

        private String plainRules(int count) {
            written += count;
            String service = pick(SHARED_SERVICES);
            List<String> arguments = arguments(service);
            StringBuilder text = new StringBuilder("# included rules for ").append(service).append('\n');
            for (int i = 0; i < count; i++) {
                text.append(rule(service, random.nextBoolean() ? "*" : pick(arguments), false, false));
            }
            return text.toString();
        }

        /** Legacy per-service lines: {@code $} keywords and comma-separated parameters. */
        private String legacyRules(int count) {
            written += count;
            StringBuilder text = new StringBuilder("## R4.0-style policy, read through the compatibility layer\n");
            for (int i = 0; i < count; i++) {
                String[] fields = ruleFields(false);
                StringBuilder line = new StringBuilder(fields[0].replace('@', '$')).append(' ')
                        .append(fields[1].replace('@', '$')).append(' ').append(fields[2]);
                for (int p = 3; p < fields.length; p++) {
                    line.append(',').append(fields[p].replace('@', '$'));
                }
                text.append(line).append('\n');
            }
            return text.toString();
        }

        /** The arguments rules of a service use. */
        private List<String> arguments(String service) {
            int from = Math.floorMod(service.hashCode(), ARGUMENTS.size());
            List<String> arguments = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                arguments.add(ARGUMENTS.get((from + 5 * i) % ARGUMENTS.size()));
            }
            return arguments;
        }

        private String rule(String service, String argument, boolean aligned, boolean anyService) {
            if (!anyService) {
                calls.add(argument.equals("*") ? service : service + argument);
            }
            String[] fields = ruleFields(anyService);
            StringBuilder line = new StringBuilder();
            if (aligned) {
                line.append(String.format(Locale.ROOT, "%-20s %-6s %-14s %-14s %s", service, argument, fields[0],
                        fields[1], fields[2]));
            } else {
                line.append(service).append(' ').append(argument).append(' ').append(fields[0]).append(' ')
                        .append(fields[1]).append(' ').append(fields[2]);
            }
            for (int p = 3; p < fields.length; p++) {
                line.append(' ').append(fields[p]);
            }
            return line.append('\n').toString();
        }

        /**
         * SOURCE TARGET ACTION [PARAM...] of a valid rule. Rules for any service name
         * a specific source, so that they do not hide what follows them.
         */
        private String[] ruleFields(boolean anyService) {
            String source = anyService ? (random.nextBoolean() ? literal() : "@tag:" + pick(GeneratedSystem.TAGS))
                    : source();
            String target = target();
            List<String> fields = new ArrayList<>(List.of(source, target));
            int action = random.nextInt(100);
            if (action < 40) {
                fields.add("allow");
                if (target.equals("@default") || random.nextInt(100) < 25) {
                    fields.add("target=" + redirect());
                }
                if (random.nextInt(100) < 15) {
                    fields.add("user=" + (random.nextBoolean() ? "root" : "user"));
                }
                if (random.nextInt(100) < 10) {
                    fields.add("notify=yes");
                }
                if (random.nextInt(100) < 10) {
                    fields.add("autostart=no");
                }
            } else if (action < 75) {
                fields.add("deny");
                if (random.nextInt(100) < 30) {
                    fields.add("notify=no");
                }
            } else {
                fields.add("ask");
                if (random.nextInt(100) < 10) {
                    fields.add("target=" + redirect());
                }
                if (random.nextInt(100) < 40) {
                    fields.add("default_target=" + redirect());
                }
                if (random.nextInt(100) < 10) {
                    fields.add("user=root");
                }
                if (random.nextInt(100) < 5) {
                    fields.add("notify=yes");
                }
                if (random.nextInt(100) < 5) {
                    fields.add("autostart=no");
                }
            }
            return fields.toArray(String[]::new);
        }

        private String source() {
            int roll = random.nextInt(100);
            if (roll < 42) {
                return literal();
            } else if (roll < 57) {
                return "@tag:" + pick(GeneratedSystem.TAGS);
            } else if (roll < 62) {
                return "@type:" + pick(TYPES);
            } else if (roll < 82) {
                return "@anyvm";
            } else if (roll < 87) {
                return "uuid:" + pick(system.domUs()).uuid();
            } else if (roll < 91) {
                return "@adminvm";
            } else if (roll < 93) {
                return "dom0";
            } else if (roll < 96) {
                return "*";
            } else if (roll < 98) {
                return "@dispvm:" + pick(system.dispvmTemplates()).name();
            }
            return "@dispvm:@tag:dvm-work";
        }

        private String target() {
            int roll = random.nextInt(100);
            if (roll < 30) {
                return literal();
            } else if (roll < 40) {
                return "@default";
            } else if (roll < 46) {
                return "@dispvm";
            } else if (roll < 52) {
                return "@dispvm:" + pick(system.dispvmTemplates()).name();
            } else if (roll < 54) {
                return "@dispvm:@tag:dvm-work";
            } else if (roll < 64) {
                return "@tag:" + pick(GeneratedSystem.TAGS);
            } else if (roll < 69) {
                return "@type:" + pick(TYPES);
            } else if (roll < 75) {
                return "@adminvm";
            } else if (roll < 77) {
                return "dom0";
            } else if (roll < 95) {
                return "@anyvm";
            } else if (roll < 98) {
                return "uuid:" + pick(system.domUs()).uuid();
            }
            return "*";
        }

        /** A {@code target=} or {@code default_target=} value. */
        private String redirect() {
            int roll = random.nextInt(100);
            if (roll < 60) {
                return literal();
            } else if (roll < 75) {
                return "@dispvm:" + pick(system.dispvmTemplates()).name();
            } else if (roll < 85) {
                return "@dispvm";
            } else if (roll < 95) {
                return "@adminvm";
            }
            return "dom0";
        }

        private String literal() {
            return pick(system.domUs()).name();
        }

        private <T> T pick(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }

        /** Writes a file; {@code read}: whether loading reads it (for the file and byte counts). */
        private void writeFile(Path path, String text, boolean read) throws IOException {
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            Files.write(path, content);
            if (read) {
                files++;
                bytes += content.length;
            }
        }
    }
}
