package dev.qrexec.parser.text;

import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Parameters;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import dev.qrexec.parser.ast.TokenContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of the fields of one file read so far. Policy files repeat the same
 * services, qube names and actions on many lines: a text read once is not read
 * again, and every line that writes it shares one value. Only values that were read
 * without error are kept, so a bad field is checked, and reported, every time.
 */
final class FieldValues {
    private final Map<String, ServiceSpec> services = new HashMap<>();
    private final Map<String, ArgumentSpec> arguments = new HashMap<>();
    private final Map<String, Token> sources = new HashMap<>();
    private final Map<String, Token> targets = new HashMap<>();
    private final Map<List<String>, Action> actions = new HashMap<>();

    /** {@link ServiceSpec#parse}. */
    ServiceSpec service(String text) throws PolicySyntaxException {
        ServiceSpec service = services.get(text);
        if (service == null) {
            service = ServiceSpec.parse(text);
            services.put(text, service);
        }
        return service;
    }

    /** {@link ArgumentSpec#parse}. */
    ArgumentSpec argument(String text, ServiceSpec service) throws PolicySyntaxException {
        if (service instanceof ServiceSpec.Any) {
            // only "*" passes, and which check fails depends on the service
            return ArgumentSpec.parse(text, service);
        }
        ArgumentSpec argument = arguments.get(text);
        if (argument == null) {
            argument = ArgumentSpec.parse(text, service);
            arguments.put(text, argument);
        }
        return argument;
    }

    /** {@link Token#parse} in the source context. */
    Token source(String text) throws PolicySyntaxException {
        return token(sources, text, TokenContext.SOURCE);
    }

    /** {@link Token#parse} in the target context. */
    Token target(String text) throws PolicySyntaxException {
        return token(targets, text, TokenContext.TARGET);
    }

    private static Token token(Map<String, Token> known, String text, TokenContext context)
            throws PolicySyntaxException {
        Token token = known.get(text);
        if (token == null) {
            token = Token.parse(text, context);
            known.put(text, token);
        }
        return token;
    }

    /**
     * {@link Parameters#parse} of the action keyword and parameters {@code texts}
     * ({@code actionIndex} is the field index of the keyword).
     */
    Action action(List<String> texts, int actionIndex) throws Parameters.ActionProblem {
        Action action = actions.get(texts);
        if (action == null) {
            action = Parameters.parse(texts.get(0), actionIndex, texts.subList(1, texts.size()));
            actions.put(List.copyOf(texts), action);
        }
        return action;
    }
}
