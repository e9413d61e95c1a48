package dev.qrexec.eval;

import dev.qrexec.parser.ast.Rule;

/**
 * Listens to how the targets of an {@code ask} come about, step by step, so that
 * an explanation can tell why each target is offered or not. The evaluator passes
 * {@link #NONE}; the explanation records.
 */
interface AskTrace {
    /** {@code rule} (allow or ask) put {@code target} on the list, or confirmed it there. */
    void added(String target, Rule rule);

    /** The deny {@code rule} took {@code target} off the list. */
    void removed(String target, Rule rule);

    /** {@code from} on the list stands for {@code to}. */
    void replaced(String from, String to, String why);

    /** {@code target} was taken off the list, for {@code why}. */
    void dropped(String target, String why);

    /** The rule's {@code default_target} stands for {@code proposed}, which is not among the targets. */
    void defaultRejected(String proposed);

    /** Records nothing. */
    AskTrace NONE = new AskTrace() {
        @Override
        public void added(String target, Rule rule) {
            // not recorded
        }

        @Override
        public void removed(String target, Rule rule) {
            // not recorded
        }

        @Override
        public void replaced(String from, String to, String why) {
            // not recorded
        }

        @Override
        public void dropped(String target, String why) {
            // not recorded
        }

        @Override
        public void defaultRejected(String proposed) {
            // not recorded
        }
    };
}
