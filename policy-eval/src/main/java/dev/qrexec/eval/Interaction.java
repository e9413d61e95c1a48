package dev.qrexec.eval;

/**
 * The GUI qube's policy agent: {@code policy.Ask} prompts and {@code policy.Notify}
 * notifications. The daemon reaches it through a transport; tests plug in a
 * scripted agent.
 */
public interface Interaction {
    /** Asks the user through the agent in {@code guivm}; returns its raw answer. */
    String ask(String guivm, AskParameters parameters) throws Exception;

    /** Tells the user through the agent in {@code guivm}; the answer is ignored. */
    void notify(String guivm, Notification notification) throws Exception;

    /** No agent: every ask fails (and so is denied), notifications go nowhere. */
    Interaction NONE = new Interaction() {
        @Override
        public String ask(String guivm, AskParameters parameters) throws Exception {
            throw new java.io.IOException("no policy agent is configured");
        }

        @Override
        public void notify(String guivm, Notification notification) {
            // nobody to tell
        }
    };
}
