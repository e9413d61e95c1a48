package dev.qrexec.cli.daemon;

import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.daemon.LegacyExecution;
import dev.qrexec.daemon.PolicyCache;
import dev.qrexec.daemon.Qubesd;
import dev.qrexec.daemon.QubesdSystemInfo;
import dev.qrexec.daemon.RequestHandler;
import dev.qrexec.daemon.Watchdog;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.Reply;
import dev.qrexec.eval.ReplyFormatter;
import dev.qrexec.eval.SystemInfoSource;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qrexec-policy exec}, installed as {@code qrexec-policy-exec} (and reached
 * as {@code qrexec-policy SOURCE TARGET SERVICE}): evaluates one call as the
 * daemon would, qrexec-daemon's fallback when the daemon does not answer. The
 * deprecated five-argument form also starts the service through qrexec-client.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        customSynopsis = {
            "qrexec-policy-exec [--assume-yes-for-ask] [--just-evaluate] [--path PATH]... SOURCE TARGET "
                    + "SERVICE[+ARGUMENT]",
            "qrexec-policy-exec [--assume-yes-for-ask] [--just-evaluate] [--path PATH]... DOMAIN-ID SOURCE "
                    + "TARGET SERVICE[+ARGUMENT] PROCESS-IDENT"},
        description = {
            "Evaluate a qrexec call against the policy, as the policy daemon would.",
            "With 3 arguments the reply is printed (without --just-evaluate); with 5 (deprecated) an "
                    + "allowed call is started through qrexec-client.",
            "Exit status: 0 when the call is allowed (or, with 5 arguments, qrexec-client's status), "
                    + "1 when it is denied, 2 on usage errors."})
public final class ExecCommand implements Callable<Integer> {
    /** How long qubesd may take to answer (starting a qube takes a while). */
    private static final Duration QUBESD_TIMEOUT = Duration.ofSeconds(60);

    private final Io io;

    @Spec
    CommandSpec spec;

    @Option(names = "--assume-yes-for-ask", description = "Answer an ask as if the user chose the intended target.")
    boolean assumeYes;

    @Option(names = "--just-evaluate", description = "Run nothing and ask nobody; the result is the exit status.")
    boolean justEvaluate;

    @Option(names = {"--policy-dir", "--path"}, paramLabel = "DIR",
            description = "Policy directory, repeatable, in precedence order; replaces the defaults "
                    + "(/run/qubes/policy.d then /etc/qubes/policy.d).")
    List<Path> paths = new ArrayList<>();

    @Mixin
    FactOptions facts;

    @Option(names = "--qubesd-admin-socket", paramLabel = "PATH",
            description = "qubesd's admin socket, for starting qubes in the 5-argument form "
                    + "(default: ${DEFAULT-VALUE}).")
    Path qubesdAdminSocket = LegacyExecution.DEFAULT_ADMIN_SOCKET;

    @Mixin
    AgentOptions agent;

    @Parameters(paramLabel = "ARG", arity = "0..*",
            description = "SOURCE TARGET SERVICE[+ARGUMENT], or DOMAIN-ID SOURCE TARGET SERVICE[+ARGUMENT] "
                    + "PROCESS-IDENT.")
    List<String> args = new ArrayList<>();

    public ExecCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (args.size() != 3 && args.size() != 5) {
            spec.commandLine().usage(io.err());
            io.err().println(spec.qualifiedName() + ": error: Must have 3 or 5 positional arguments, not "
                    + args.size());
            return ExitCode.USAGE;
        }
        boolean legacy = args.size() == 5;
        String source = args.get(legacy ? 1 : 0);
        String target = args.get(legacy ? 2 : 1);
        String service = args.get(legacy ? 3 : 2);
        Consumer<String> log = io.err()::println;
        try (Watchdog watchdog = new Watchdog()) {
            Evaluator policy = load(log);
            SystemInfoSource info = QubesdSystemInfo.fileOrQubesd(facts.systemInfoFile(), facts.qubesdSocket,
                    QUBESD_TIMEOUT, watchdog);
            RequestHandler handler = new RequestHandler(() -> policy, info, agent.settings().transport(watchdog), log);
            Reply reply = handler.answer(Request.of(source, target, service), new Mode(justEvaluate, assumeYes));
            if (!legacy && !justEvaluate) {
                io.out().print(ReplyFormatter.format(reply) + "\n");
                io.out().flush();
            }
            return switch (reply) {
                case Reply.Deny deny -> ExitCode.FAILURE;
                case Reply.Allow allow -> ExitCode.OK;
                case Reply.Call call -> !legacy || justEvaluate
                        ? ExitCode.OK
                        : new LegacyExecution(agent.settings().qrexecClient(),
                                new Qubesd(qubesdAdminSocket, QUBESD_TIMEOUT, watchdog))
                                .run(args.get(0), source, service, args.get(4), call, log);
            };
        }
    }

    private Evaluator load(Consumer<String> log) {
        LoadResult result = PolicyLoader.load(facts.loadOptions(paths));
        result.diagnostics().forEach(d -> log.accept(PolicyCache.describe(d)));
        return new Evaluator(CompiledPolicy.compile(result));
    }
}
