package dev.qrexec.cli.explain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.cli.Json;
import dev.qrexec.eval.AskOffer;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Explanation;
import dev.qrexec.eval.Mismatch;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.TargetNote;
import dev.qrexec.parser.ast.Rule;
import java.util.Optional;

/** An explanation as one JSON object, for tools. */
final class ExplanationJson {
    private ExplanationJson() {}

    /** {@code allow}, {@code ask} or {@code deny}: what the request gets, whatever the rule said. */
    static String outcome(Decision decision) {
        return switch (decision) {
            case Decision.Allowed allowed -> "allow";
            case Decision.AskUser ask -> "ask";
            case Decision.Denied denied -> "deny";
        };
    }

    static ObjectNode of(Explanation explanation) {
        Evaluation evaluation = explanation.evaluation();
        Request request = evaluation.request();
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode req = root.putObject("request");
        req.put("source", request.source());
        req.put("target", request.intendedTarget());
        req.put("service", request.service());
        req.put("argument", request.argument());
        req.put("requested_source", request.requestedSource());
        root.put("source", evaluation.source());
        root.put("target", evaluation.target());
        Decision decision = evaluation.decision();
        root.put("decision", outcome(decision));
        root.put("reason", decision instanceof Decision.Denied denied ? denied.reason() : null);
        root.put("reply", explanation.reply().orElse(null));
        root.set("rule", rule(explanation.matched()));
        ArrayNode skipped = root.putArray("skipped");
        for (Mismatch mismatch : explanation.skipped()) {
            ObjectNode node = skipped.addObject();
            node.set("rule", rule(Optional.of(mismatch.rule())));
            node.put("column", mismatch.column().word());
            node.put("reason", mismatch.reason());
        }
        root.set("ask", explanation.offer().map(ExplanationJson::offer).orElse(null));
        ArrayNode log = root.putArray("log");
        evaluation.log().forEach(log::add);
        return root;
    }

    private static ObjectNode rule(Optional<Rule> rule) {
        if (rule.isEmpty()) {
            return null;
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("file", rule.get().position().file());
        node.put("line", rule.get().position().line());
        node.put("column", rule.get().position().column());
        node.put("text", rule.get().text());
        return node;
    }

    private static ObjectNode offer(AskOffer offer) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ArrayNode targets = node.putArray("targets");
        offer.targets().forEach(targets::add);
        node.put("default_target", offer.defaultTarget().orElse(null));
        node.put("rejected_default_target", offer.rejectedDefault().orElse(null));
        ArrayNode notes = node.putArray("notes");
        for (TargetNote note : offer.notes()) {
            ObjectNode n = notes.addObject();
            n.put("target", note.target());
            switch (note) {
                case TargetNote.Offered offered -> {
                    n.put("offered", true);
                    n.put("origin", offered.origin());
                    n.set("rule", rule(Optional.of(offered.rule())));
                    n.put("reason", offered.via());
                }
                case TargetNote.Removed removed -> {
                    n.put("offered", false);
                    n.set("rule", rule(removed.rule()));
                    n.put("reason", removed.reason());
                }
            }
        }
        return node;
    }
}
