package dev.qrexec.eval.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import dev.qrexec.testdata.Vectors;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code diff} agrees with the reference on every conformance vector: the vector's
 * policy is compared with a policy without rules (which denies everything), and every
 * request the reference answered with anything but a plain deny is in the diff, with
 * the reference's replies and decision on the old side when it is its own
 * representative; requests the reference denied without an ask are not.
 */
class DiffConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path scratch;

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("vectors-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void diffAgainstDenyAllHasEveryGrant(JsonNode vector) throws Exception {
        Path root = scratch.toRealPath();
        Vectors.writeTree(vector.get("files"), root);
        LoadResult loaded = PolicyLoader.load(LoadOptions.defaults()
                .withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                .withLegacyDirectory(root.resolve("legacy")));
        if (!loaded.ok()) {
            return;
        }
        SystemInfo info = SystemInfo.parse(JSON.writeValueAsString(vector.get("system_info")));
        PolicyDiff diff = PolicyDiff.compare(CompiledPolicy.compile(loaded), CompiledPolicy.compile(List.of()), info);
        Map<Request, RequestChange> listed = new HashMap<>();
        diff.changes().forEach(c -> listed.put(c.request(), c));
        int n = 0;
        for (JsonNode r : vector.get("requests")) {
            Request request = Request.of(r.get("source").asText(), r.get("target").asText(),
                    r.get("service_and_arg").asText(),
                    r.has("requested_source") ? r.get("requested_source").asText() : "");
            String label = "request " + n++ + ": " + request;
            JsonNode d = r.get("describe");
            boolean granted = d != null && (d.has("target") || d.has("targets_for_ask"));
            Request representative = diff.universe().representative(request);
            if (!granted) {
                if (representative != null && request.equals(representative)) {
                    assertFalse(listed.containsKey(request) && !listed.get(request).old().decision().equals("deny"),
                            label + " was denied, the diff says " + listed.get(request));
                }
                continue;
            }
            assertNotNull(representative, label + " has no representative");
            RequestChange change = listed.get(representative);
            assertNotNull(change, label + " is granted but its representative " + representative
                    + " is not in the diff");
            assertTrue(change.gainsAccess() || change.now().decision().equals("deny"), label);
            if (representative.equals(request)) {
                Outcome old = change.old();
                assertEquals(List.of(r.get("just_evaluate").asText(), r.get("assume_yes_for_ask").asText(),
                        r.get("both").asText()), old.replies(), label);
                assertEquals(d.get("decision").asText(), old.decision(), label);
                assertEquals(d.get("rule").asText(), old.ruleText().substring(root.toString().length() + 1), label);
                if (d.has("target")) {
                    assertEquals(d.get("target").asText(), old.target().orElseThrow(), label);
                } else {
                    assertEquals(JSON.convertValue(d.get("targets_for_ask"), List.class), old.targetsForAsk(), label);
                }
            }
        }
    }
}
