package dev.qrexec.parser.ast;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading and printing the action column and its {@code key=value} parameters. */
public final class Parameters {
    private Parameters() {}

    /** One parameter field and its 0-based field index (for positions). */
    record Field(String text, int index) {}

    /** A problem found while reading an action, with the index of the field it concerns. */
    public static final class ActionProblem extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient PolicySyntaxException syntaxError;
        private final int fieldIndex;

        ActionProblem(PolicySyntaxException cause, int fieldIndex) {
            super(cause.getMessage(), null, false, false);
            this.syntaxError = cause;
            this.fieldIndex = fieldIndex;
        }

        /** The problem, with its code. */
        public PolicySyntaxException syntaxError() {
            return syntaxError;
        }

        /** The 0-based index of the field it concerns. */
        public int fieldIndex() {
            return fieldIndex;
        }
    }

    /**
     * Builds an action from its keyword and parameter fields, checking in the
     * reference's order: the keyword, then each parameter's syntax and uniqueness,
     * then the yes/no values ({@code notify} first), then which keys the action
     * accepts, then the redirect tokens ({@code target} first). {@code actionIndex}
     * is the field index of the keyword; parameters follow it.
     */
    public static Action parse(String keyword, int actionIndex, List<String> params) throws ActionProblem {
        if (!keyword.equals("allow") && !keyword.equals("deny") && !keyword.equals("ask")) {
            throw problem(Code.INVALID_ACTION, "invalid action: " + keyword, actionIndex);
        }
        String target = null;
        String defaultTarget = null;
        String user = null;
        String notify = null;
        String autostart = null;
        int notifyIndex = -1;
        int autostartIndex = -1;
        int targetIndex = -1;
        int defaultTargetIndex = -1;
        boolean unknownKey = false;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            String param = params.get(i);
            int eq = param.indexOf('=');
            int fieldIndex = actionIndex + 1 + i;
            if (eq < 0) {
                throw problem(Code.PARAMETER_SYNTAX, "invalid action parameter syntax: " + PythonRepr.str(param),
                        fieldIndex);
            }
            String key = param.substring(0, eq);
            String value = param.substring(eq + 1);
            if (!seen.add(key)) {
                throw problem(Code.DUPLICATE_PARAMETER, "parameter given twice: " + PythonRepr.str(key), fieldIndex);
            }
            switch (key) {
                case "target" -> {
                    target = value;
                    targetIndex = fieldIndex;
                }
                case "default_target" -> {
                    defaultTarget = value;
                    defaultTargetIndex = fieldIndex;
                }
                case "user" -> user = value;
                case "notify" -> {
                    notify = value;
                    notifyIndex = fieldIndex;
                }
                case "autostart" -> {
                    autostart = value;
                    autostartIndex = fieldIndex;
                }
                default -> unknownKey = true;
            }
        }
        Optional<Boolean> notifyValue = yesNo("notify", notify, notifyIndex);
        Optional<Boolean> autostartValue = yesNo("autostart", autostart, autostartIndex);
        boolean accepted = switch (keyword) {
            case "allow" -> !unknownKey && defaultTarget == null;
            case "deny" -> !unknownKey && target == null && defaultTarget == null && user == null && autostart == null;
            default -> !unknownKey;
        };
        if (!accepted) {
            String name = Character.toUpperCase(keyword.charAt(0)) + keyword.substring(1);
            throw problem(Code.INVALID_PARAMETERS,
                    "invalid parameters for action " + name + ": " + PythonRepr.list(params), actionIndex + 1);
        }
        Optional<Token> targetToken = redirect(target, targetIndex);
        Optional<Token> defaultTargetToken = redirect(defaultTarget, defaultTargetIndex);
        return switch (keyword) {
            case "allow" -> new Action.Allow(targetToken, Optional.ofNullable(user), notifyValue, autostartValue);
            case "deny" -> new Action.Deny(notifyValue);
            default -> new Action.Ask(targetToken, defaultTargetToken, Optional.ofNullable(user), notifyValue,
                    autostartValue);
        };
    }

    private static Optional<Boolean> yesNo(String key, String value, int fieldIndex) throws ActionProblem {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value) {
            case "yes" -> Optional.of(true);
            case "no" -> Optional.of(false);
            default -> throw problem(Code.INVALID_BOOLEAN,
                    PythonRepr.str(key) + " is " + PythonRepr.str(value) + ", but can be only 'yes' or 'no'",
                    fieldIndex);
        };
    }

    private static Optional<Token> redirect(String value, int fieldIndex) throws ActionProblem {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Token.parse(value, TokenContext.REDIRECT));
        } catch (PolicySyntaxException e) {
            throw new ActionProblem(e, fieldIndex);
        }
    }

    private static ActionProblem problem(Code code, String message, int fieldIndex) {
        return new ActionProblem(new PolicySyntaxException(code, message), fieldIndex);
    }

    /** Canonical text: keyword, then target, default_target, user, notify, autostart when written. */
    static String text(String keyword, Optional<Token> target, Optional<Token> defaultTarget, Optional<String> user,
                       Optional<Boolean> notify, Optional<Boolean> autostart) {
        List<String> parts = new ArrayList<>(6);
        parts.add(keyword);
        target.ifPresent(t -> parts.add("target=" + t.text()));
        defaultTarget.ifPresent(t -> parts.add("default_target=" + t.text()));
        user.ifPresent(u -> parts.add("user=" + u));
        notify.ifPresent(n -> parts.add("notify=" + (n ? "yes" : "no")));
        autostart.ifPresent(a -> parts.add("autostart=" + (a ? "yes" : "no")));
        return String.join(" ", parts);
    }
}
