package dev.qrexec.cli.model;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The picocli model of a command: the one {@link ModelWriter} wrote at build time when
 * there is one, else the one picocli builds from the command's annotations. The two are
 * the same model ({@code CommandModelTest}); the written one costs a cold JVM no
 * annotation reading.
 */
public final class CommandModels {
    private static final String GENERATED = "dev.qrexec.cli.model.GeneratedModels";

    private final MethodHandle generated;

    private CommandModels(MethodHandle generated) {
        this.generated = generated;
    }

    /** The written models, when the build wrote them (it always does; a bare compile of the sources does not). */
    public static CommandModels written() {
        try {
            Class<?> type = Class.forName(GENERATED, true, CommandModels.class.getClassLoader());
            return new CommandModels(MethodHandles.publicLookup().findStatic(type, "spec",
                    MethodType.methodType(CommandSpec.class, Object.class, CommandLine.IFactory.class)));
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return reflective();
        }
    }

    /** Models that picocli builds from the annotations. */
    public static CommandModels reflective() {
        return new CommandModels(null);
    }

    /**
     * The model of {@code command} (a command object, as the factory creates it): a
     * {@link CommandSpec}, or the object itself for picocli to read its annotations.
     */
    public Object of(Object command, CommandLine.IFactory factory) {
        if (generated == null) {
            return command;
        }
        CommandSpec spec;
        try {
            spec = (CommandSpec) generated.invokeExact(command, factory);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new CommandLine.InitializationException("cannot build the model of " + command.getClass().getName()
                    + ": " + e.getMessage());
        }
        return spec == null ? command : spec;
    }
}
