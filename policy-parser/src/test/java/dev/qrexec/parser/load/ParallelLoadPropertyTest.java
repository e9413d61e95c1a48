package dev.qrexec.parser.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Over random trees (valid and invalid lines, includes of files that exist or not,
 * include cycles, legacy files, {@code !compat-4.0}, undecodable bytes, a runtime file
 * hiding another, three kinds of line end), loading with several threads gives the
 * same result as loading with one, first error and positions included.
 */
class ParallelLoadPropertyTest {
    private static final List<String> LINES = List.of(
            "qubes.Filecopy * work personal allow",
            "qubes.Filecopy +x @anyvm @anyvm ask default_target=work",
            "* * @tag:t @anyvm deny notify=no",
            "test.Svc * work @default allow target=vault",
            "test.Svc * uuid:1234 @dispvm:dvm allow autostart=no user=root",
            "# a comment",
            "",
            "   ",
            "bad line",
            "a/b * work personal allow",
            "test.Svc * work personal allowx",
            "test.Svc * @foo personal allow",
            "!include",
            "!foo bar",
            "!include include/inc-0",
            "!include include/inc-1",
            "!include include/inc-2",
            "!include include/missing",
            "!include-service test.Svc * include/legacy-0",
            "!include-service test.Svc +arg include/legacy-1",
            "!compat-4.0");
    private static final List<String> LEGACY_LINES = List.of(
            "$anyvm $anyvm allow,user=root", "work vault ask,default_target=vault", "## comment",
            "$include:include/legacy-1", "only two", "$tag:x $dispvm deny");
    private static final List<String> ENDINGS = List.of("\n", "\r\n", "\r");

    @Property(tries = 60)
    void severalThreadsLoadWhatOneLoads(@ForAll long seed) throws IOException {
        Path root = Files.createTempDirectory("parallel-load-").toRealPath();
        try {
            writeTree(root, new Random(seed));
            ParallelLoadTest.assertParallelLoadIsSequentialLoad(root);
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void writeTree(Path root, Random random) throws IOException {
        Files.createDirectories(root.resolve("etc/include"));
        Files.createDirectories(root.resolve("run"));
        Files.createDirectories(root.resolve("legacy"));
        int files = 1 + random.nextInt(10);
        for (int i = 0; i < files; i++) {
            String name = String.format("%02d-file.policy", i * 7);
            write(root.resolve("etc").resolve(name), text(random, LINES, 25), random);
            if (random.nextInt(8) == 0) {
                write(root.resolve("run").resolve(name), text(random, LINES, 25), random);
            }
        }
        for (int i = 0; i < 3; i++) {
            write(root.resolve("etc/include/inc-" + i), text(random, LINES, 8), random);
        }
        for (int i = 0; i < 2; i++) {
            write(root.resolve("etc/include/legacy-" + i), text(random, LEGACY_LINES, 6), random);
        }
        write(root.resolve("legacy/test.Svc+arg"), text(random, LEGACY_LINES, 4), random);
        write(root.resolve("legacy/qubes.Gpg"), text(random, LEGACY_LINES, 4), random);
    }

    private static String text(Random random, List<String> lines, int most) {
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(most + 1);
        for (int i = 0; i < count; i++) {
            String line = lines.get(random.nextInt(lines.size()));
            text.append(line).append(ENDINGS.get(random.nextInt(ENDINGS.size())));
        }
        return text.toString();
    }

    private static void write(Path path, String text, Random random) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(25) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) 0xff;
        }
        Files.write(path, bytes);
    }
}
