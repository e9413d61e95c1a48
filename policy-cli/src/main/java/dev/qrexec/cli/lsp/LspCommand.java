package dev.qrexec.cli.lsp;

import dev.qrexec.cli.Io;
import dev.qrexec.cli.PolicyOptions;
import dev.qrexec.daemon.QubesdSystemInfo;
import dev.qrexec.cli.explain.ExplanationText;
import dev.qrexec.eval.SystemInfoFile;
import dev.qrexec.eval.SystemInfoSource;
import dev.qrexec.lsp.LanguageServerRunner;
import dev.qrexec.lsp.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qrexec-policy lsp}: the language server of policy files, speaking the
 * Language Server Protocol on standard input and output, for Vim, Emacs, VS Code,
 * Kate, Helix and any other editor with an LSP client.
 */
@Command(name = "lsp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Serve the Language Server Protocol (3.17) on standard input and output: diagnostics of the whole "
                    + "policy tree as you type (errors and lint warnings, in every file they concern), hover, "
                    + "completion, go to definition of includes, outline, formatting, quick fixes, and an explain "
                    + "code lens for '# explain: SOURCE TARGET SERVICE' comments.",
            "The system information comes from --system-info, else from the client's initializationOptions or "
                    + "settings (systemInfo: the JSON document, or systemInfoFile: its path), else from qubesd "
                    + "when it runs (dom0).",
            "Vim with ALE: set the filetype qrexecpolicy for /etc/qubes/policy.d/* and *.policy, then "
                    + "call ale#linter#Define('qrexecpolicy', {'name': 'qrexec-policy', 'lsp': 'stdio', "
                    + "'executable': 'qrexec-policy', 'command': '%%e lsp', 'project_root': '/etc/qubes/policy.d'}) "
                    + "and let g:ale_linters = {'qrexecpolicy': ['qrexec-policy']}.",
            "Vim with vim-lsp: autocmd User lsp_setup call lsp#register_server({'name': 'qrexec-policy', "
                    + "'cmd': {server_info -> ['qrexec-policy', 'lsp']}, 'allowlist': ['qrexecpolicy'], "
                    + "'initialization_options': {'systemInfoFile': '/path/to/system-info.json'}}).",
            "Emacs with eglot: (add-to-list 'eglot-server-programs '(qrexec-policy-mode . (\"qrexec-policy\" "
                    + "\"lsp\"))) for a mode of policy files (a prog-mode with comment-start \"# \").",
            "VS Code with a generic LSP client (Generic LSP Client v2): glspc.server.command qrexec-policy, "
                    + "glspc.server.commandArguments [\"lsp\"], glspc.server.languageId [\"plaintext\"] in a "
                    + "workspace opened on the policy directory.",
            "Upstream's Vim plugin: keep its syntax highlighting, and let ALE use only this server for policy "
                    + "files, so that diagnostics come once, from the whole tree.",
            "Exit status: 0 when the client shut the server down, 1 when it left without shutdown."})
public final class LspCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    PolicyOptions policy;

    @Option(names = "--system-info", paramLabel = "FILE",
            description = "The system information (JSON of qubesd's internal.GetSystemInfo); read again when it "
                    + "changes.")
    Path systemInfo;

    @Option(names = "--qubesd-socket", paramLabel = "PATH",
            description = "qubesd's internal socket, asked when no system information is given "
                    + "(default: /var/run/qubesd.internal.sock, when it exists).")
    Path qubesdSocket = QubesdSystemInfo.DEFAULT_SOCKET;

    @Option(names = "--stdio", description = "Use standard input and output (the default and only transport; "
            + "accepted because many clients pass it).")
    boolean stdio;

    public LspCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Path socket = qubesdSocket;
        Optional<SystemInfoSource> qubesd = Files.exists(socket)
                ? Optional.of(new SystemInfoSource() {
                    @Override
                    public dev.qrexec.eval.SystemInfo get() throws dev.qrexec.eval.SystemInfoException {
                        return QubesdSystemInfo.fetchOnce(socket, Duration.ofSeconds(5));
                    }

                    @Override
                    public String toString() {
                        return "qubesd at " + socket;
                    }
                })
                : Optional.empty();
        ServerOptions options = ServerOptions.of(policy.loadOptions().policyDirectories(),
                        policy.loadOptions().legacyDirectory())
                .withSystemInfo(Optional.ofNullable(systemInfo).map(SystemInfoFile::new))
                .withFallbackInfo(qubesd)
                .withExplanationText(ExplanationText::of);
        return LanguageServerRunner.run(io.in(), io.out(), options);
    }
}
