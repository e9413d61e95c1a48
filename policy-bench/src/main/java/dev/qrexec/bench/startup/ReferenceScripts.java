package dev.qrexec.bench.startup;

/**
 * The {@code python3 -c} programs that run the reference (a QubesOS qubes-core-qrexec
 * checkout on {@code PYTHONPATH}) for the rows whose reference tool cannot run as it
 * is on a machine without qubesd: each does the same work as our program (same tree,
 * same request) through the reference's own library, and prints what ours prints, so
 * that {@link StartupBenchmark} can check the two results once before timing them.
 * Written for this benchmark; they call the reference's public classes only.
 */
final class ReferenceScripts {
    /** {@code check}: loads the whole directory (argv[1]) with the reference's FilePolicy; no output. */
    static final String CHECK = """
            import sys
            from qrexec.policy.parser import FilePolicy
            FilePolicy(policy_path=sys.argv[1])
            """;

    /**
     * {@code eval DIR INFO SOURCE TARGET SERVICE+ARG}: loads the directory, reads the
     * system information file, evaluates one request and prints an allow in the
     * daemon's reply lines, as our {@code eval} does.
     */
    static final String EVAL = """
            import json, sys
            from qrexec.exc import AccessDenied
            from qrexec.policy import parser
            policy_dir, info, source, target, call = sys.argv[1:6]
            with open(info, encoding="utf-8") as file:
                system_info = json.load(file)
            service, _, argument = call.partition("+")
            policy = parser.FilePolicy(policy_path=policy_dir)
            try:
                request = parser.Request(service, "+" + argument, source, target, system_info=system_info)
                resolution = policy.evaluate(request)
            except AccessDenied:
                print("result=deny")
                sys.exit(0)
            if isinstance(resolution, parser.AskResolution):
                print("result=ask")
                sys.exit(0)
            chosen = str(resolution.target)
            print("user=" + (resolution.user or "DEFAULT"))
            print("result=allow")
            print("target=" + chosen)
            print("target_uuid=uuid:" + system_info["domains"][chosen]["uuid"])
            print("autostart=" + str(resolution.rule.action.autostart))
            print("requested_target=" + str(request.target))
            """;

    /**
     * {@code qrexec-policy-exec --just-evaluate --path DIR --system-info FILE SOURCE
     * TARGET SERVICE+ARG}: the reference tool's own evaluation path (options parsed,
     * FilePolicy, a Request whose allow and ask resolutions only report, run under
     * asyncio) with the system information read from the file instead of asked from
     * qubesd. Exit status 0 for allow, 1 otherwise.
     */
    static final String JUST_EVALUATE = """
            import argparse, asyncio, json, logging, sys
            from qrexec import exc
            from qrexec.policy import parser
            class Verdict(Exception):
                def __init__(self, code):
                    super().__init__()
                    self.code = code
            class JustAllow(parser.AllowResolution):
                async def execute(self, caller_ident):
                    raise Verdict(0)
            class JustAsk(parser.AskResolution):
                async def execute(self, caller_ident):
                    raise Verdict(1)
            options = argparse.ArgumentParser()
            options.add_argument("--just-evaluate", action="store_true")
            options.add_argument("--path")
            options.add_argument("--system-info")
            options.add_argument("source")
            options.add_argument("target")
            options.add_argument("service")
            args = options.parse_args()
            log = logging.getLogger("policy")
            async def evaluate():
                with open(args.system_info, encoding="utf-8") as file:
                    system_info = json.load(file)
                service, _, argument = args.service.partition("+")
                try:
                    policy = parser.FilePolicy(policy_path=args.path)
                    request = parser.Request(service, "+" + argument, args.source, args.target,
                                             system_info=system_info, allow_resolution_type=JustAllow,
                                             ask_resolution_type=JustAsk)
                    await policy.evaluate(request).execute("0," + args.source + ",0")
                except exc.AccessDenied as err:
                    log.info("denied: %s", err)
                    return 1
                except Verdict as verdict:
                    return verdict.code
                return 0
            sys.exit(asyncio.run(evaluate()))
            """;

    /**
     * {@code qubes-policy-admin} (service in QREXEC_SERVICE_FULL_NAME, payload on
     * standard input): the reference tool's main() itself, with its policy directory
     * (argv[1]) and log file (argv[2]) pointed at the benchmark's instead of
     * {@code /etc/qubes/policy.d} and {@code /var/log/qubes}.
     */
    static final String POLICY_ADMIN = """
            import logging, pathlib, sys
            import qrexec
            qrexec.POLICYPATH = pathlib.Path(sys.argv[1])
            logging.basicConfig(level=logging.INFO, filename=sys.argv[2], format="%(asctime)s %(message)s")
            from qrexec.tools import qubes_policy_admin
            qubes_policy_admin.main()
            """;

    private ReferenceScripts() {}
}
