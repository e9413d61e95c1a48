package dev.qrexec.eval.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Interaction;
import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.Responder;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.testdata.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The conformance vectors whose policy loads, as rule lists with their qubes and requests. */
final class VectorTrees {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One vector: its id, rules in evaluation order, system information, requests (with the recorded node). */
    record Tree(String id, List<Rule> rules, SystemInfo info, List<Request> requests, List<JsonNode> recorded) {}

    private VectorTrees() {}

    /** Every vector whose policy loads, read afresh. */
    static List<Tree> load() {
        List<Tree> out = new ArrayList<>();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("vector-trees").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            int n = 0;
            for (var named : Vectors.cases("vectors-").toList()) {
                JsonNode vector = named.getPayload();
                Path root = scratch.resolve("v" + n++);
                Files.createDirectories(root);
                Vectors.writeTree(vector.get("files"), root);
                LoadResult loaded = PolicyLoader.load(LoadOptions.defaults()
                        .withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                        .withLegacyDirectory(root.resolve("legacy")));
                if (!loaded.ok()) {
                    continue;
                }
                SystemInfo info = SystemInfo.parse(JSON.writeValueAsString(vector.get("system_info")));
                List<Request> requests = new ArrayList<>();
                List<JsonNode> recorded = new ArrayList<>();
                for (JsonNode r : vector.get("requests")) {
                    requests.add(Request.of(r.get("source").asText(), r.get("target").asText(),
                            r.get("service_and_arg").asText(),
                            r.has("requested_source") ? r.get("requested_source").asText() : ""));
                    recorded.add(r);
                }
                out.add(new Tree(named.getName(), loaded.tree().rules(), info, requests, recorded));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // leave it
            }
        }
        return out;
    }

    /**
     * Everything about an evaluation that a caller or user can observe: the replies in
     * the three flag modes, the kind of decision, and what an allow or ask carries.
     */
    static List<Object> observable(Evaluation evaluation, SystemInfo info) {
        List<Object> out = new ArrayList<>();
        for (Mode mode : List.of(Mode.JUST_EVALUATE, Mode.ASSUME_YES_FOR_ASK, Mode.BOTH)) {
            out.add(Responder.respond(evaluation, info, mode, Interaction.NONE).reply());
        }
        switch (evaluation.decision()) {
            case Decision.Allowed a -> out.addAll(List.of("allow", a.target(), a.user().filter(u -> !u.isEmpty()),
                    a.autostart()));
            case Decision.AskUser a -> out.addAll(List.of("ask", a.targets(), a.defaultTarget(),
                    a.user().filter(u -> !u.isEmpty()), a.autostart()));
            case Decision.Denied d -> out.add("deny");
        }
        return out;
    }
}
