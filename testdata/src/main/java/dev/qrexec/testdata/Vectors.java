package dev.qrexec.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/** The conformance vectors of {@code testdata/conformance}, and writing a case's files out. */
public final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {}

    public static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testdata/conformance");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("testdata/conformance not found above " + Path.of("").toAbsolutePath());
    }

    /** Every case of the files whose names start with {@code prefix}, named by id for test reports. */
    public static Stream<Named<JsonNode>> cases(String prefix) {
        List<Named<JsonNode>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node = JSON.readTree(line);
                    String id = node.has("id") ? node.get("id").asText() : node.path("from").asText();
                    all.add(Named.of(file.getFileName() + ":" + id, node));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.stream();
    }

    /** Writes a case's files under {@code root}, creating etc/, run/ and legacy/ even when empty. */
    public static void writeTree(JsonNode files, Path root) throws IOException {
        for (String dir : List.of("etc", "run", "legacy")) {
            Files.createDirectories(root.resolve(dir));
        }
        Iterator<Map.Entry<String, JsonNode>> it = files.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            Path path = root.resolve(entry.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, entry.getValue().asText(), StandardCharsets.UTF_8);
        }
    }
}
