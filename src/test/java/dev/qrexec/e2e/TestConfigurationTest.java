package dev.qrexec.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.testdata.Vectors;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The test configuration of every module: jqwik 1.9 reads its settings from
 * {@code junit-platform.properties} under keys that are all lower case
 * ({@code jqwik.reporting.onlyfailures}); a key spelled otherwise is silently ignored.
 */
class TestConfigurationTest {
    private static final Path ROOT = Vectors.directory().getParent().getParent();

    @Test
    void everyJqwikSettingIsSpelledAsJqwikReadsIt() throws IOException {
        List<Path> files;
        try (Stream<Path> paths = Files.walk(ROOT, 5)) {
            files = paths.filter(p -> p.endsWith(Path.of("src/test/resources/junit-platform.properties"))).toList();
        }
        assertTrue(files.size() >= 4, files.toString());
        List<String> wrong = new ArrayList<>();
        List<String> reporting = new ArrayList<>();
        for (Path file : files) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("jqwik.") && !key.equals(key.toLowerCase(Locale.ROOT))) {
                    wrong.add(ROOT.relativize(file) + ": " + key);
                }
            }
            reporting.add(ROOT.relativize(file) + ": " + properties.getProperty("jqwik.reporting.onlyfailures"));
        }
        assertEquals(List.of(), wrong);
        assertEquals(reporting.stream().map(line -> line.replaceAll(": .*", ": true")).toList(), reporting);
    }
}
