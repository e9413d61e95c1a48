package dev.qrexec.eval;

/**
 * The facts of one request that matching looks at: the system information, the
 * effective source and the normalised intended target, with their qubes looked up
 * once.
 */
final class Subject {
    final SystemInfo info;
    final String source;
    final String target;
    final boolean sourceIsDom0;
    final boolean targetIsDom0;
    final Domain sourceDomain;
    final Domain targetDomain;

    Subject(SystemInfo info, String source, String target) {
        this.info = info;
        this.source = source;
        this.target = target;
        this.sourceIsDom0 = Targets.isDom0(source);
        this.targetIsDom0 = Targets.isDom0(target);
        this.sourceDomain = info.get(source);
        this.targetDomain = info.get(target);
    }

    /**
     * The source's default disposable template ({@code DefDisp}), or null when the
     * source is unknown or has none. An empty name is not a valid token: the
     * reference fails there, so this fails too.
     */
    String defaultDispvm() {
        if (sourceDomain == null) {
            return null;
        }
        String template = sourceDomain.defaultDispvm();
        if (template != null && template.isEmpty()) {
            throw new ReferenceCrash("PolicySyntaxError", "invalid empty @dispvm: token: '@dispvm:'");
        }
        return template;
    }
}
