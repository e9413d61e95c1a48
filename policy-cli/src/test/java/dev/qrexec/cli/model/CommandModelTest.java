package dev.qrexec.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.qrexec.cli.Io;
import dev.qrexec.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The models that ModelWriter wrote at build time are the models picocli builds from
 * the annotations: every attribute of every option and parameter, in the same order,
 * the same mixins, and the same help text, for every command class.
 */
class CommandModelTest {
    private static final Io IO = new Io(new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of());

    static Stream<Class<?>> writtenCommands() {
        return Main.commandClasses().stream().filter(type -> !ModelWriter.REFLECTIVE.contains(type));
    }

    @ParameterizedTest
    @MethodSource("writtenCommands")
    void theWrittenModelIsTheAnnotationsModel(Class<?> type) throws Exception {
        CommandLine.IFactory factory = Main.factory(IO);
        CommandSpec reflective = CommandSpec.forAnnotatedObject(factory.create(type), factory);
        CommandSpec written = assertInstanceOf(CommandSpec.class,
                CommandModels.written().of(factory.create(type), factory), "no written model of " + type.getName());

        assertEquals(reflective.name(), written.name());
        assertEquals(reflective.mixins().keySet(), written.mixins().keySet());
        assertEquals(reflective.mixinStandardHelpOptions(), written.mixinStandardHelpOptions());
        assertEquals(reflective.unmatchedArgsBindings().size(), written.unmatchedArgsBindings().size());
        assertEquals(describe(reflective.options()), describe(written.options()));
        assertEquals(describe(reflective.positionalParameters()), describe(written.positionalParameters()));
        assertEquals(Arrays.asList(reflective.usageMessage().description()),
                Arrays.asList(written.usageMessage().description()));
        assertEquals(reflective.usageMessage().sortOptions(), written.usageMessage().sortOptions());
        assertEquals(reflective.usageMessage().hidden(), written.usageMessage().hidden());
        assertEquals(usage(reflective), usage(written));
    }

    @ParameterizedTest
    @MethodSource("writtenCommands")
    void theWrittenModelSetsTheCommandsFields(Class<?> type) throws Exception {
        CommandLine.IFactory factory = Main.factory(IO);
        Object command = factory.create(type);
        CommandSpec written = (CommandSpec) CommandModels.written().of(command, factory);
        for (OptionSpec option : written.options()) {
            if (option.usageHelp() || option.versionHelp() || !(option.getter() != null)) {
                continue;
            }
            Object initial = option.initialValue();
            assertEquals(initial, option.getValue(), option.longestName());
        }
    }

    private static List<String> describe(List<? extends ArgSpec> args) {
        List<String> out = new ArrayList<>();
        for (ArgSpec arg : args) {
            StringBuilder line = new StringBuilder();
            if (arg instanceof OptionSpec option) {
                line.append("option ").append(Arrays.toString(option.names()))
                        .append(" usageHelp=").append(option.usageHelp())
                        .append(" versionHelp=").append(option.versionHelp())
                        .append(" help=").append(option.help())
                        .append(" negatable=").append(option.negatable())
                        .append(" order=").append(option.order())
                        .append(" fallback=").append(option.fallbackValue());
            } else {
                PositionalParamSpec positional = (PositionalParamSpec) arg;
                line.append("positional index=").append(positional.index())
                        .append(" unspecified=").append(positional.index().isUnspecified());
            }
            line.append(" arity=").append(arg.arity()).append(" unspecified=").append(arg.arity().isUnspecified())
                    .append(" label=").append(arg.paramLabel())
                    .append(" hideParamSyntax=").append(arg.hideParamSyntax())
                    .append(" description=").append(Arrays.toString(arg.description()))
                    .append(" written=").append(Arrays.toString(arg instanceof OptionSpec option
                            ? option.toBuilder().description()
                            : ((PositionalParamSpec) arg).toBuilder().description()))
                    .append(" descriptionKey=").append(arg.descriptionKey())
                    .append(" required=").append(arg.required())
                    .append(" hidden=").append(arg.hidden())
                    .append(" type=").append(arg.type().getName())
                    .append(" auxiliary=").append(Arrays.toString(arg.auxiliaryTypes()))
                    .append(" multiValue=").append(arg.isMultiValue())
                    .append(" split=").append(arg.splitRegex())
                    .append(" default=").append(arg.defaultValue())
                    .append(" showDefault=").append(arg.showDefaultValue())
                    .append(" initial=").append(arg.initialValue())
                    .append(" hasInitial=").append(arg.hasInitialValue())
                    .append(" interactive=").append(arg.interactive())
                    .append(" inherited=").append(arg.inherited())
                    .append(" scope=").append(arg.scopeType())
                    .append(" converters=").append(classes(arg.converters()))
                    .append(" candidates=").append(arg.completionCandidates() == null ? "none"
                            : String.join(",", arg.completionCandidates()));
            out.add(line.toString());
        }
        return out;
    }

    private static List<String> classes(Object[] objects) {
        return Arrays.stream(objects).map(o -> o.getClass().getName()).toList();
    }

    private static String usage(CommandSpec spec) {
        return new CommandLine(spec).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }
}
