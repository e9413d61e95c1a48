package dev.qrexec.parser.ast;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.Objects;

/**
 * A VM token: the source or target column of a rule, a redirect value, or the
 * intended target of a request. Tokens are plain values (they are used as map keys),
 * so they carry no position; the rule that holds them does.
 */
public sealed interface Token {
    /** The token exactly as written in a policy. */
    String text();

    /** A literal qube name, including {@code dom0} and names no qube has (never starting with {@code uuid:}). */
    record Name(String name) implements Token {
        public Name {
            Objects.requireNonNull(name);
            if (name.startsWith(UUID_PREFIX) || name.isEmpty()) {
                throw new IllegalArgumentException("not a plain name: " + name);
            }
        }

        @Override
        public String text() {
            return name;
        }
    }

    /** A literal {@code uuid:UUID}; the UUID text is not checked. */
    record Uuid(String uuid) implements Token {
        public Uuid {
            Objects.requireNonNull(uuid);
        }

        @Override
        public String text() {
            return UUID_PREFIX + uuid;
        }
    }

    /** {@code *}: any qube, dom0 and keywords included. */
    record Any() implements Token {
        /** The one {@code *}. */
        public static final Any INSTANCE = new Any();

        @Override
        public String text() {
            return "*";
        }
    }

    /** {@code @anyvm}: any qube except dom0. */
    record AnyVm() implements Token {
        /** The one {@code @anyvm}. */
        public static final AnyVm INSTANCE = new AnyVm();

        @Override
        public String text() {
            return "@anyvm";
        }
    }

    /** {@code @adminvm}: dom0. */
    record AdminVm() implements Token {
        /** The one {@code @adminvm}. */
        public static final AdminVm INSTANCE = new AdminVm();

        @Override
        public String text() {
            return "@adminvm";
        }
    }

    /** {@code @default}: the caller named no target. */
    record Default() implements Token {
        /** The one {@code @default}. */
        public static final Default INSTANCE = new Default();

        @Override
        public String text() {
            return "@default";
        }
    }

    /** {@code @dispvm}: a new disposable from the caller's default template. */
    record DispVm() implements Token {
        /** The one {@code @dispvm}. */
        public static final DispVm INSTANCE = new DispVm();

        @Override
        public String text() {
            return "@dispvm";
        }
    }

    /** {@code @dispvm:NAME}: a disposable based on the template NAME (which may be a {@code uuid:} form). */
    record DispVmTemplate(String template) implements Token {
        public DispVmTemplate {
            Objects.requireNonNull(template);
        }

        @Override
        public String text() {
            return DISPVM_PREFIX + template;
        }
    }

    /** {@code @dispvm:@tag:TAG}: a disposable based on any template with that tag. */
    record DispVmTag(String tag) implements Token {
        public DispVmTag {
            Objects.requireNonNull(tag);
        }

        @Override
        public String text() {
            return DISPVM_TAG_PREFIX + tag;
        }
    }

    /** {@code @tag:TAG}: any qube with that tag. */
    record Tag(String tag) implements Token {
        public Tag {
            Objects.requireNonNull(tag);
        }

        @Override
        public String text() {
            return TAG_PREFIX + tag;
        }
    }

    /** {@code @type:TYPE}: any qube of that class. */
    record Type(String type) implements Token {
        public Type {
            Objects.requireNonNull(type);
        }

        @Override
        public String text() {
            return TYPE_PREFIX + type;
        }
    }

    String UUID_PREFIX = "uuid:";
    String DISPVM_PREFIX = "@dispvm:";
    String DISPVM_TAG_PREFIX = "@dispvm:@tag:";
    String TAG_PREFIX = "@tag:";
    String TYPE_PREFIX = "@type:";

    /** A literal: {@link Uuid} when it starts with {@code uuid:}, otherwise {@link Name}. */
    static Token literal(String text) {
        return text.startsWith(UUID_PREFIX) ? new Uuid(text.substring(UUID_PREFIX.length())) : new Name(text);
    }

    /**
     * Reads a token as the policy language does in the given context: literals are
     * accepted everywhere unchecked; keywords and prefixes only where the context
     * allows them, tried in the reference's order, so that the error names the same
     * problem the reference names.
     */
    static Token parse(String text, TokenContext context) throws PolicySyntaxException {
        if (text.isEmpty()) {
            throw new PolicySyntaxException(Code.EMPTY_TOKEN, "invalid empty " + context.word() + " token");
        }
        if (!text.startsWith("@") && !text.equals("*")) {
            return literal(text);
        }
        boolean sourceOrTarget = context == TokenContext.SOURCE || context == TokenContext.TARGET;
        switch (text) {
            case "*" -> {
                if (sourceOrTarget) {
                    return Any.INSTANCE;
                }
            }
            case "@adminvm" -> {
                return AdminVm.INSTANCE;
            }
            case "@anyvm" -> {
                if (sourceOrTarget) {
                    return AnyVm.INSTANCE;
                }
            }
            case "@default" -> {
                if (context == TokenContext.TARGET || context == TokenContext.INTENDED_TARGET) {
                    return Default.INSTANCE;
                }
            }
            case "@dispvm" -> {
                if (context != TokenContext.SOURCE) {
                    return DispVm.INSTANCE;
                }
            }
            default -> {
                // fall through to the prefixes
            }
        }
        if (sourceOrTarget) {
            String value = prefixValue(text, TYPE_PREFIX);
            if (value != null) {
                return new Type(value);
            }
            value = prefixValue(text, TAG_PREFIX);
            if (value != null) {
                return new Tag(value);
            }
        }
        String template = prefixValue(text, DISPVM_PREFIX);
        if (template != null) {
            return new DispVmTemplate(template);
        }
        if (sourceOrTarget) {
            String tag = prefixValue(text, DISPVM_TAG_PREFIX);
            if (tag != null) {
                return new DispVmTag(tag);
            }
        }
        throw new PolicySyntaxException(Code.INVALID_TOKEN,
                "invalid " + context.word() + " token: " + PythonRepr.str(text));
    }

    /**
     * The value after {@code prefix}, or null when the text does not start with it or
     * the value starts with {@code @} (then a longer prefix may still apply).
     */
    private static String prefixValue(String text, String prefix) throws PolicySyntaxException {
        if (!text.startsWith(prefix)) {
            return null;
        }
        String value = text.substring(prefix.length());
        if (value.isEmpty()) {
            throw new PolicySyntaxException(Code.EMPTY_TOKEN,
                    "invalid empty " + prefix + " token: " + PythonRepr.str(text));
        }
        return value.startsWith("@") ? null : value;
    }
}
