package dev.qrexec.lsp;

import com.google.gson.JsonPrimitive;
import dev.qrexec.eval.Explainer;
import dev.qrexec.eval.Explanation;
import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Request;
import dev.qrexec.lsp.PolicyLanguageServer.Feature;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.compat.Whitespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * The "explain" of the editor: the author writes a call to explain as a comment,
 * {@code # explain: SOURCE TARGET SERVICE[+ARG]} ({@code ""} for no target), and gets
 * the answer of {@code qrexec-policy explain} (the library's explainer, the daemon's
 * policy, the interactive mode) as a code lens on that comment and on the deciding
 * rule's line, and in full from the command {@value PolicyLanguageServer#EXPLAIN_COMMAND}
 * (arguments SOURCE, TARGET, SERVICE[+ARG]) and from hovering over the comment.
 */
final class Explains {
    static final String MARKER = "explain:";

    private Explains() {}

    /** The call an {@code # explain:} comment asks about: source, target, service. */
    static Optional<List<Object>> request(String comment) {
        String body = Whitespace.strip(comment.substring(1));
        if (!body.startsWith(MARKER)) {
            return Optional.empty();
        }
        List<String> words = Whitespace.split(body.substring(MARKER.length()));
        if (words.size() != 3) {
            return Optional.empty();
        }
        String target = words.get(1).equals("\"\"") || words.get(1).equals("''") ? "" : words.get(1);
        return Optional.of(List.of(words.get(0), target, words.get(2)));
    }

    /** The explanation of a call, or null when the arguments are not three strings. */
    static Explanation explain(Snapshot snapshot, List<Object> arguments) {
        if (arguments == null || arguments.size() != 3 || snapshot.info.isEmpty()) {
            return null;
        }
        String[] words = new String[3];
        for (int i = 0; i < 3; i++) {
            Object argument = arguments.get(i);
            words[i] = argument instanceof JsonPrimitive primitive ? primitive.getAsString() : String.valueOf(argument);
        }
        Request request = Request.of(words[0], words[1], words[2], "");
        return new Explainer(snapshot.explaining()).explain(request, snapshot.info.get(), Mode.INTERACTIVE);
    }

    /** The text {@code qrexec-policy explain SOURCE TARGET SERVICE} prints, or why there is none. */
    static String execute(Snapshot snapshot, List<Object> arguments, Function<Explanation, String> text) {
        if (snapshot.info.isEmpty()) {
            return "cannot explain: " + snapshot.infoProblem + "\n";
        }
        Explanation explanation = explain(snapshot, arguments);
        if (explanation == null) {
            return "cannot explain: the command takes three arguments: SOURCE TARGET SERVICE[+ARG]\n";
        }
        return text.apply(explanation);
    }

    /** The code lenses of a document: on each explain comment, and on the rule deciding it when it is here. */
    static List<CodeLens> lenses(Feature feature) {
        List<CodeLens> out = new ArrayList<>();
        Snapshot snapshot = feature.snapshot();
        for (Line line : feature.file().lines()) {
            if (!(line instanceof Comment comment)) {
                continue;
            }
            Optional<List<Object>> arguments = request(comment.text());
            if (arguments.isEmpty()) {
                continue;
            }
            int index = comment.position().line() - 1;
            Command command = new Command("explain", PolicyLanguageServer.EXPLAIN_COMMAND, arguments.get());
            Explanation explanation = explain(snapshot, arguments.get());
            if (explanation == null) {
                command.setTitle("explain: " + snapshot.infoProblem);
                out.add(new CodeLens(lineRange(feature, index), command, null));
                continue;
            }
            String decision = explanation.evaluation().decision().action();
            Optional<Rule> rule = explanation.evaluation().decision().decidingRule();
            command.setTitle("explain: " + decision + rule.map(r -> " by " + r.position().fileAndLine())
                    .orElse(" (no rule decides)"));
            out.add(new CodeLens(lineRange(feature, index), command, null));
            if (rule.isPresent() && rule.get().position().hasLine()
                    && snapshot.canonical(rule.get().position().file()).equals(feature.document().path())) {
                Command decided = new Command(arguments.get().get(0) + " → "
                        + (arguments.get().get(1).toString().isEmpty() ? "(no target)" : arguments.get().get(1))
                        + " " + arguments.get().get(2) + ": " + decision + " (explain at line " + (index + 1) + ")",
                        PolicyLanguageServer.EXPLAIN_COMMAND, arguments.get());
                out.add(new CodeLens(lineRange(feature, rule.get().position().line() - 1), decided, null));
            }
        }
        return out;
    }

    private static Range lineRange(Feature feature, int index) {
        int length = feature.document().text().line(index).length();
        return new Range(new Position(index, 0), new Position(index, length));
    }
}
