package dev.qrexec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.PolicyLoader;
import dev.qrexec.testdata.Vectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The explanation agrees with the evaluator on every request of every conformance
 * vector: the rule its own walk finds is the evaluator's deciding rule (and the one
 * the reference names), every skipped rule comes before it, the replies are the
 * evaluator's, and the offer of an ask is the list the evaluator asks with.
 */
class ExplainerConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path scratch;

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("vectors-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void explanationAgreesWithEvaluation(JsonNode vector) throws Exception {
        Path root = scratch.toRealPath();
        Vectors.writeTree(vector.get("files"), root);
        CompiledPolicy policy = CompiledPolicy.compile(PolicyLoader.load(LoadOptions.defaults()
                .withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                .withLegacyDirectory(root.resolve("legacy"))));
        Evaluator evaluator = new Evaluator(policy);
        Explainer explainer = new Explainer(evaluator);
        SystemInfo info = SystemInfo.parse(JSON.writeValueAsString(vector.get("system_info")));
        int n = 0;
        for (JsonNode r : vector.get("requests")) {
            String label = "request " + (n++) + ": " + r;
            Request request = Request.of(r.get("source").asText(), r.get("target").asText(),
                    r.get("service_and_arg").asText(), r.path("requested_source").asText(""));
            Decision decision = evaluator.evaluate(request, info).decision();
            Explanation explanation = explainer.explain(request, info, Mode.JUST_EVALUATE);
            assertEquals(decision, explanation.evaluation().decision(), label);
            assertEquals(r.get("just_evaluate").asText(), explanation.reply().orElseThrow(), label);
            assertEquals(r.get("both").asText(),
                    explainer.explain(request, info, Mode.BOTH).reply().orElseThrow(), label);

            boolean ruleDecides = !(decision instanceof Decision.Denied denied)
                    || denied.stage() == Decision.Stage.RULE || denied.stage() == Decision.Stage.EVALUATION;
            if (ruleDecides) {
                assertSame(decision.decidingRule().orElseThrow(), explanation.matched().orElseThrow(), label);
            } else {
                assertTrue(explanation.matched().isEmpty(), label);
            }
            if (r.has("describe")) {
                JsonNode expected = r.get("describe").get("rule");
                assertEquals(expected.isNull() ? null : expected.asText(),
                        explanation.matched().map(rule -> ConformanceEvalTest.ruleName(rule, root)).orElse(null),
                        label);
            }
            int previous = -1;
            for (Mismatch mismatch : explanation.skipped()) {
                previous = indexOf(policy, mismatch.rule(), previous + 1);
                assertTrue(mismatch.rule().service().matches(request.service()), label);
            }
            if (explanation.matched().isPresent()) {
                indexOf(policy, explanation.matched().get(), previous + 1);
            }
            assertOffer(decision, explanation, label);
        }
    }

    private static void assertOffer(Decision decision, Explanation explanation, String label) {
        if (decision instanceof Decision.AskUser ask) {
            AskOffer offer = explanation.offer().orElseThrow();
            assertEquals(ask.targets(), offer.targets(), label);
            assertEquals(ask.defaultTarget(), offer.defaultTarget(), label);
            Set<String> offered = offer.notes().stream()
                    .filter(TargetNote.Offered.class::isInstance)
                    .map(TargetNote::target)
                    .collect(Collectors.toSet());
            assertEquals(Set.copyOf(ask.targets()), offered, label);
        } else if (explanation.offer().isPresent()) {
            assertTrue(explanation.offer().get().targets().isEmpty(), label);
        }
    }

    /** The index of {@code rule} (the same object) at or after {@code from}: the walk goes forward only. */
    private static int indexOf(CompiledPolicy policy, Rule rule, int from) {
        for (int i = from; i < policy.rules().size(); i++) {
            if (policy.rules().get(i) == rule) {
                return i;
            }
        }
        throw new AssertionError("not a rule of the policy after index " + from + ": " + rule);
    }
}
