package dev.qrexec.cli;

import dev.qrexec.cli.convert.LegacyConvertCommand;
import dev.qrexec.cli.convert.RestoreCommand;
import dev.qrexec.cli.graph.GraphCommand;
import dev.qrexec.cli.explain.ExplainCommand;
import dev.qrexec.cli.lint.LintCommand;
import dev.qrexec.cli.lsp.LspCommand;
import dev.qrexec.cli.toolkit.DiffCommand;
import dev.qrexec.cli.toolkit.FmtCommand;
import dev.qrexec.cli.toolkit.QueryCommand;
import dev.qrexec.cli.toolkit.TestCommand;
import dev.qrexec.cli.admin.AdminServiceCommand;
import dev.qrexec.cli.admin.PolicyEditorCommand;
import dev.qrexec.cli.admin.PolicyFilesCommand;
import dev.qrexec.cli.admin.RegisterArgumentCommand;
import dev.qrexec.cli.daemon.DaemonCommand;
import dev.qrexec.cli.daemon.ExecCommand;
import dev.qrexec.cli.daemon.QubesdStandinCommand;
import dev.qrexec.parser.IoReason;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import dev.qrexec.cli.model.CommandModels;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code qrexec-policy}: the one command-line application of the project. The
 * launchers in {@code bin/} start it; a launcher installed under one of the
 * reference's tool names passes that name in the system property
 * {@code qrexec.program}, and the matching command then runs as a program of its own.
 */
@Command(name = "qrexec-policy", mixinStandardHelpOptions = true,
        description = "The qrexec policy engine of Qubes OS: check, evaluate and edit policy.")
public final class Main implements Callable<Integer> {
    /**
     * The subcommands of {@code qrexec-policy}. They are added when a command line is
     * built, and only the one a command line names: building the model of every
     * command costs more start-up time than most commands take to run.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            CheckCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            GraphCommand.class,
            LegacyConvertCommand.class,
            RestoreCommand.class,
            LintCommand.class,
            ExplainCommand.class,
            TestCommand.class,
            DiffCommand.class,
            FmtCommand.class,
            QueryCommand.class,
            AdminServiceCommand.class,
            PolicyFilesCommand.class,
            PolicyEditorCommand.class,
            RegisterArgumentCommand.class,
            DaemonCommand.class,
            ExecCommand.class,
            QubesdStandinCommand.class,
            LspCommand.class,
            HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    public static void main(String[] args) {
        Io io = Io.system();
        int status = run(io, System.getProperty("qrexec.program", "qrexec-policy"), args);
        io.out().flush();
        io.err().flush();
        System.exit(status);
    }

    /** Runs {@code program} (a tool name) with {@code args}; returns the exit status. */
    public static int run(Io io, String program, String... args) {
        // The qrexec service handlers take their call from the environment and never read their
        // arguments (qrexec passes the caller's argument first, and it may begin with "-"): they
        // run without a command line, which also spares them the time of building one.
        switch (program) {
            case "qubes-policy-admin" -> {
                return handler(io, program, () -> new AdminServiceCommand(io).serve(program));
            }
            case "policy.RegisterArgument" -> {
                return handler(io, program, new RegisterArgumentCommand(io));
            }
            default -> { }
        }
        // Only the version asked: no subcommand is built (building them all is most of the time it takes).
        boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        CommandLine line = commandLine(io, program, args.length > 0 ? args[0] : null, versionOnly);
        return line.execute(Programs.routed(line, args));
    }

    /** Runs a service handler: an error it did not expect is reported as any command's is. */
    private static int handler(Io io, String program, Callable<Integer> handler) {
        try {
            return handler.call();
        } catch (Exception e) {
            io.err().println(program + ": error: " + describe(e));
            return ExitCode.FAILURE;
        }
    }

    /** The command line of {@code program} with every subcommand, its commands created with {@code io}. */
    public static CommandLine commandLine(Io io, String program) {
        return commandLine(io, program, null, false);
    }

    /**
     * The command line {@link #run} executes for {@code program}: when {@code first}
     * (the first argument) names a subcommand, with that one only, with none when the version
     * alone is asked, else with all.
     */
    private static CommandLine commandLine(Io io, String program, String first, boolean versionOnly) {
        Factory factory = new Factory(io);
        CommandModels models = CommandModels.written();
        CommandLine line = Programs.commandLine(program, factory, models);
        if (line.getCommand() instanceof Main) {
            Class<?> named = first == null || first.equals("help") ? null : subcommand(models, first);
            for (Class<?> type : versionOnly ? List.<Class<?>>of() : named != null ? List.<Class<?>>of(named) : SUBCOMMANDS) {
                try {
                    line.addSubcommand(models.of(factory.create(type), factory));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create the command " + type.getName(), e);
                }
            }
        }
        withVersion(line);
        line.setOut(new java.io.PrintWriter(io.out(), true));
        line.setErr(new java.io.PrintWriter(io.err(), true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": error: " + describe(e));
            return ExitCode.FAILURE;
        });
        return line;
    }

    /** Gives every command that has {@code --version} (not the service handlers) the project's version. */
    private static void withVersion(CommandLine line) {
        CommandSpec spec = line.getCommandSpec();
        if (spec.mixinStandardHelpOptions()) {
            spec.versionProvider(new Version(spec));
        }
        line.getSubcommands().values().forEach(Main::withVersion);
    }

    /** The factory that creates this application's commands, giving them {@code io}. */
    public static CommandLine.IFactory factory(Io io) {
        return new Factory(io);
    }

    /** Every command class of the application: the root, its subcommands, the drop-in programs'. */
    public static List<Class<?>> commandClasses() {
        Set<Class<?>> types = new LinkedHashSet<>();
        types.add(Main.class);
        types.addAll(SUBCOMMANDS);
        types.addAll(Programs.DROP_INS.values());
        return List.copyOf(types);
    }

    /** Every program this application runs as: {@code qrexec-policy} and each drop-in tool name, sorted. */
    public static SortedSet<String> programs() {
        SortedSet<String> names = new TreeSet<>(Programs.DROP_INS.keySet());
        names.add("qrexec-policy");
        return Collections.unmodifiableSortedSet(names);
    }

    /** The subcommand class named {@code name}, or null. */
    private static Class<?> subcommand(CommandModels models, String name) {
        for (Class<?> type : SUBCOMMANDS) {
            if (models.name(type).equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** What went wrong, in words: the system's reason for an I/O failure, never an exception's class name. */
    private static String describe(Throwable e) {
        if (e instanceof IOException io) {
            return IoReason.of(io);
        }
        String message = e.getMessage();
        return message == null ? "internal error" : message;
    }

    /** Creates commands, passing {@link Io} to those whose constructor takes it. */
    static final class Factory implements CommandLine.IFactory {
        private final Io io;

        Factory(Io io) {
            this.io = io;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Io.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(io));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /**
     * What {@code --version} prints: the program's name and the project's version,
     * which the build writes into {@code version.properties}.
     */
    static final class Version implements CommandLine.IVersionProvider {
        private final CommandSpec spec;

        Version(CommandSpec spec) {
            this.spec = spec;
        }

        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            String program = spec.root().name();
            String version = properties.getProperty("version", "(development build)");
            return new String[] {program.equals("qrexec-policy")
                    ? "qrexec-policy " + version
                    : program + " (qrexec-policy) " + version};
        }
    }
}
