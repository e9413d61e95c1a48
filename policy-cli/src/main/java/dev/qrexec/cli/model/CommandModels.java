package dev.qrexec.cli.model;

import java.lang.reflect.InvocationTargetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The picocli model of a command: the one {@link ModelWriter} wrote at build time when
 * there is one, else the one picocli builds from the command's annotations. The two are
 * the same model ({@code CommandModelTest}); the written one costs a cold JVM no
 * annotation reading.
 */
public final class CommandModels {
    private static final String GENERATED = "dev.qrexec.cli.model.GeneratedModels";

    /** What ModelWriter writes: the models of the command classes, and their names. */
    public interface Written {
        /** The model of {@code command}, or null when its class has none written. */
        CommandSpec spec(Object command, CommandLine.IFactory factory) throws Exception;

        /** The name of command class {@code type} (its {@code @Command} name), or null when it has no model written. */
        String name(Class<?> type);
    }

    private final Written written;

    private CommandModels(Written written) {
        this.written = written;
    }

    /** The written models, when the build wrote them (it always does; a bare compile of the sources does not). */
    public static CommandModels written() {
        try {
            return new CommandModels((Written) Class.forName(GENERATED, true, CommandModels.class.getClassLoader())
                    .getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException e) {
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
        if (written == null) {
            return command;
        }
        CommandSpec spec;
        try {
            spec = written.spec(command, factory);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot build the model of " + command.getClass().getName()
                    + ": " + e.getMessage(), e);
        }
        return spec == null ? command : spec;
    }

    /** The name of command class {@code type}, as its {@code @Command} annotation gives it. */
    public String name(Class<?> type) {
        String name = written == null ? null : written.name(type);
        return name != null ? name : type.getAnnotation(Command.class).name();
    }
}
