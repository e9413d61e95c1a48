package dev.qrexec.eval;

import dev.qrexec.parser.ast.Token;

/**
 * A token compiled once per policy load into the test it stands for, as a source
 * and as a target.
 */
abstract sealed class TokenMatcher {
    /** Whether the token, in the source column, matches the request's source. */
    abstract boolean matchesSource(Subject s);

    /** Whether the token, in the target column, matches the request's intended target. */
    abstract boolean matchesTarget(Subject s);

    /** Why the token does not match the source; asked only after {@link #matchesSource} said no. */
    abstract String sourceMismatch(Subject s);

    /** Why the token does not match the target; asked only after {@link #matchesTarget} said no. */
    abstract String targetMismatch(Subject s);

    static TokenMatcher of(Token token) {
        return switch (token) {
            case Token.Name name -> literal(name.text());
            case Token.Uuid uuid -> literal(uuid.text());
            case Token.Any any -> Always.INSTANCE;
            case Token.AnyVm anyVm -> NotDom0.INSTANCE;
            case Token.AdminVm adminVm -> Dom0.INSTANCE;
            case Token.Default def -> new Exact(def.text());
            case Token.DispVm dispVm -> new Exact(dispVm.text());
            case Token.Type type -> new OfType(type.type());
            case Token.Tag tag -> new WithTag(tag.tag());
            case Token.DispVmTemplate template -> new DispVmTemplate(template.template());
            case Token.DispVmTag tag -> new DispVmTag(tag.tag());
        };
    }

    private static TokenMatcher literal(String text) {
        return Targets.isDom0(text) ? Dom0.INSTANCE : new Literal(text);
    }

    /** {@code *}. */
    static final class Always extends TokenMatcher {
        static final Always INSTANCE = new Always();

        @Override
        boolean matchesSource(Subject s) {
            return true;
        }

        @Override
        boolean matchesTarget(Subject s) {
            return true;
        }

        @Override
        String sourceMismatch(Subject s) {
            return "* matches every source";
        }

        @Override
        String targetMismatch(Subject s) {
            return "* matches every target";
        }
    }

    /** {@code @adminvm}, {@code dom0}, {@code uuid:0000...}: any spelling of dom0. */
    static final class Dom0 extends TokenMatcher {
        static final Dom0 INSTANCE = new Dom0();

        @Override
        boolean matchesSource(Subject s) {
            return s.sourceIsDom0;
        }

        @Override
        boolean matchesTarget(Subject s) {
            return s.targetIsDom0;
        }

        @Override
        String sourceMismatch(Subject s) {
            return "the source " + s.source + " is not dom0";
        }

        @Override
        String targetMismatch(Subject s) {
            return "the target " + s.target + " is not dom0";
        }
    }

    /** {@code @anyvm}: anything but dom0, keywords included. */
    static final class NotDom0 extends TokenMatcher {
        static final NotDom0 INSTANCE = new NotDom0();

        @Override
        boolean matchesSource(Subject s) {
            return !s.sourceIsDom0;
        }

        @Override
        boolean matchesTarget(Subject s) {
            return !s.targetIsDom0;
        }

        @Override
        String sourceMismatch(Subject s) {
            return "the source is dom0, which @anyvm leaves out";
        }

        @Override
        String targetMismatch(Subject s) {
            return "the target is dom0, which @anyvm leaves out";
        }
    }

    /** A literal name or {@code uuid:} other than dom0. */
    static final class Literal extends TokenMatcher {
        private final String text;

        Literal(String text) {
            this.text = text;
        }

        @Override
        boolean matchesSource(Subject s) {
            return Targets.nameMatches(text, s.source, s.info);
        }

        @Override
        boolean matchesTarget(Subject s) {
            return Targets.nameMatches(text, s.target, s.info);
        }

        @Override
        String sourceMismatch(Subject s) {
            return "the source " + s.source + " is not " + text;
        }

        @Override
        String targetMismatch(Subject s) {
            return "the target " + s.target + " is not " + text;
        }
    }

    /** {@code @default} and {@code @dispvm}: the intended target is exactly that keyword. */
    static final class Exact extends TokenMatcher {
        private final String keyword;

        Exact(String keyword) {
            this.keyword = keyword;
        }

        @Override
        boolean matchesSource(Subject s) {
            return false;
        }

        @Override
        boolean matchesTarget(Subject s) {
            return s.target.equals(keyword);
        }

        @Override
        String sourceMismatch(Subject s) {
            return keyword + " never matches a source";
        }

        @Override
        String targetMismatch(Subject s) {
            return "the target " + s.target + " is not " + keyword;
        }
    }

    /** {@code @type:T}. */
    static final class OfType extends TokenMatcher {
        private final String type;

        OfType(String type) {
            this.type = type;
        }

        @Override
        boolean matchesSource(Subject s) {
            return s.sourceDomain != null && type.equals(s.sourceDomain.type());
        }

        @Override
        boolean matchesTarget(Subject s) {
            return s.targetDomain != null && type.equals(s.targetDomain.type());
        }

        @Override
        String sourceMismatch(Subject s) {
            return why("source", s.source, s.sourceDomain);
        }

        @Override
        String targetMismatch(Subject s) {
            return why("target", s.target, s.targetDomain);
        }

        private String why(String column, String name, Domain domain) {
            if (domain == null) {
                return "the " + column + " " + name + " is not a qube, so it has no type";
            }
            return "the " + column + " " + name + " is of type " + domain.type() + ", not " + type;
        }
    }

    /** {@code @tag:T}. */
    static final class WithTag extends TokenMatcher {
        private final String tag;

        WithTag(String tag) {
            this.tag = tag;
        }

        @Override
        boolean matchesSource(Subject s) {
            return s.sourceDomain != null && s.sourceDomain.hasTag(tag);
        }

        @Override
        boolean matchesTarget(Subject s) {
            return s.targetDomain != null && s.targetDomain.hasTag(tag);
        }

        @Override
        String sourceMismatch(Subject s) {
            return why("source", s.source, s.sourceDomain);
        }

        @Override
        String targetMismatch(Subject s) {
            return why("target", s.target, s.targetDomain);
        }

        private String why(String column, String name, Domain domain) {
            if (domain == null) {
                return "the " + column + " " + name + " is not a qube, so it has no tags";
            }
            return "the " + column + " " + name + " lacks the tag " + tag;
        }
    }

    /**
     * {@code @dispvm:X}: a disposable of template X. A request for {@code @dispvm}
     * matches when X is the source's default template, compared as plain strings; a
     * source without one is a failure of the reference, so the request is denied.
     */
    static final class DispVmTemplate extends TokenMatcher {
        private final String template;

        DispVmTemplate(String template) {
            this.template = template;
        }

        @Override
        boolean matchesSource(Subject s) {
            return false;
        }

        @Override
        boolean matchesTarget(Subject s) {
            if (s.target.equals(Token.DispVm.INSTANCE.text())) {
                String def = s.defaultDispvm();
                if (def == null) {
                    throw new ReferenceCrash("AttributeError",
                            "rule target @dispvm:" + template + " reached for @dispvm, but " + s.source
                                    + " has no default disposable template");
                }
                return template.equals(def);
            }
            if (s.target.startsWith(Token.DISPVM_PREFIX)) {
                return Targets.nameMatches(template, s.target.substring(Token.DISPVM_PREFIX.length()), s.info);
            }
            return false;
        }

        @Override
        String sourceMismatch(Subject s) {
            return "a @dispvm: token never matches a source";
        }

        @Override
        String targetMismatch(Subject s) {
            if (s.target.equals(Token.DispVm.INSTANCE.text())) {
                return "the default disposable template of " + s.source + " is " + s.defaultDispvm() + ", not "
                        + template;
            }
            if (s.target.startsWith(Token.DISPVM_PREFIX)) {
                return "the target " + s.target + " is not a disposable of " + template;
            }
            return "the target " + s.target + " is not a disposable";
        }
    }

    /** {@code @dispvm:@tag:T}: a disposable of any template with tag T. */
    static final class DispVmTag extends TokenMatcher {
        private final String tag;

        DispVmTag(String tag) {
            this.tag = tag;
        }

        @Override
        boolean matchesSource(Subject s) {
            return false;
        }

        @Override
        boolean matchesTarget(Subject s) {
            String template;
            if (s.target.equals(Token.DispVm.INSTANCE.text())) {
                template = s.defaultDispvm();
            } else if (s.target.startsWith(Token.DISPVM_PREFIX)) {
                template = s.target.substring(Token.DISPVM_PREFIX.length());
            } else {
                return false;
            }
            if (template == null) {
                return false;
            }
            Domain domain = s.info.require(template);
            return domain.templateForDispvms() && domain.hasTag(tag);
        }

        @Override
        String sourceMismatch(Subject s) {
            return "a @dispvm:@tag: token never matches a source";
        }

        @Override
        String targetMismatch(Subject s) {
            String template;
            if (s.target.equals(Token.DispVm.INSTANCE.text())) {
                template = s.defaultDispvm();
                if (template == null) {
                    return "the target is @dispvm, but " + s.source + " has no default disposable template";
                }
            } else if (s.target.startsWith(Token.DISPVM_PREFIX)) {
                template = s.target.substring(Token.DISPVM_PREFIX.length());
            } else {
                return "the target " + s.target + " is not a disposable";
            }
            if (!s.info.require(template).templateForDispvms()) {
                return template + " is not a disposable template";
            }
            return "the disposable template " + template + " lacks the tag " + tag;
        }
    }
}
