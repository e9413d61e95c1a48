package dev.qrexec.cli.model;

import dev.qrexec.cli.Io;
import dev.qrexec.cli.Main;
import dev.qrexec.cli.toolkit.FmtCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * A build step: writes the Java source of every command's picocli model, so that at
 * run time no annotation is read. Reading the annotations of a command costs a cold
 * JVM more than anything else before the first byte of output (the JDK makes a
 * proxy class per annotation type, in the interpreter): about 50 ms of a 200 ms lint.
 *
 * <p>The values written are those picocli itself computes from the annotations here,
 * at build time (names, arity, labels, types, descriptions, defaults), so the model
 * built from the source is the model picocli would build; {@code CommandModelTest}
 * compares the two for every program. What the writer does not reproduce (an argument
 * group, an annotation attribute it does not know) stops the build with a message; a
 * class it is told to leave to reflection ({@link #REFLECTIVE}) keeps picocli's own way.
 *
 * <p>{@code ModelWriter SOURCE_DIRECTORY CLASS_DIRECTORY}: writes one {@code NAME_Model}
 * class beside each command and mixin class, and {@code dev.qrexec.cli.model.GeneratedModels},
 * which {@link CommandModels} finds at run time, into the source directory, and compiles
 * them (against the class path it runs with) into the class directory.
 */
public final class ModelWriter {
    /**
     * Classes whose model picocli builds by reflection at run time: its own help
     * command (private fields), and {@code fmt}, whose modes form an exclusive argument
     * group, which the written models do not reproduce.
     */
    static final Set<Class<?>> REFLECTIVE = Set.of(CommandLine.HelpCommand.class, FmtCommand.class);

    /** The {@code @Command} attributes the writer reproduces; any other must keep its default. */
    private static final Set<String> COMMAND_ATTRIBUTES =
            Set.of("name", "description", "mixinStandardHelpOptions", "sortOptions", "hidden", "customSynopsis");
    /** The {@code @Option} and {@code @Parameters} attributes the writer reproduces. */
    private static final Set<String> ARG_ATTRIBUTES = Set.of("names", "index", "paramLabel", "description", "arity",
            "required", "split", "defaultValue", "hidden", "converter", "completionCandidates");

    private final Path output;
    private final Map<Class<?>, Boolean> written = new LinkedHashMap<>();
    private final List<Path> sources = new ArrayList<>();

    private ModelWriter(Path output) {
        this.output = output;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ModelWriter SOURCE_DIRECTORY CLASS_DIRECTORY");
            System.exit(2);
        }
        ModelWriter writer = new ModelWriter(Path.of(args[0]));
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of());
        CommandLine.IFactory factory = Main.factory(io);
        List<Class<?>> commands = new ArrayList<>();
        for (Class<?> type : Main.commandClasses()) {
            if (!REFLECTIVE.contains(type)) {
                writer.writeCommand(type, factory);
                commands.add(type);
            }
        }
        writer.writeRegistry(commands, factory);
        writer.compile(Path.of(args[1]));
        System.out.println("command models: " + writer.sources.size() + " classes written and compiled");
    }

    /**
     * Compiles the written sources into {@code classes}, on the class path this program
     * runs with. They are compiled apart (the class directory holds the application's
     * module descriptor, which would make javac compile them as that module) and copied in.
     */
    private void compile(Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path compiled = output.resolveSibling(output.getFileName() + "-classes");
        deleteTree(compiled);
        List<String> arguments = new ArrayList<>(List.of("--release", Integer.toString(Runtime.version().feature()),
                "-Xlint:all", "-Werror", "-encoding", "UTF-8", "-proc:none",
                "-classpath", System.getProperty("java.class.path"), "-d", compiled.toString()));
        sources.forEach(source -> arguments.add(source.toString()));
        int status = compiler.run(null, null, null, arguments.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("ModelWriter: the written models do not compile (javac exited " + status
                    + ")");
        }
        try (Stream<Path> files = Files.walk(compiled)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = classes.resolve(compiled.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Writes the model of command class {@code type} (and of its mixins). */
    private void writeCommand(Class<?> type, CommandLine.IFactory factory) throws Exception {
        Object command = factory.create(type);
        CommandSpec spec = CommandSpec.forAnnotatedObject(command, factory);
        write(type, spec, true, factory);
    }

    private void write(Class<?> type, CommandSpec spec, boolean isCommand, CommandLine.IFactory factory)
            throws Exception {
        if (written.containsKey(type)) {
            if (isCommand && !written.get(type)) {
                throw new IllegalStateException(type.getName() + " is both a command and a mixin");
            }
            return;
        }
        written.put(type, isCommand);
        if (type.getSuperclass() != Object.class) {
            throw unsupported(type, "a superclass");
        }
        if (Modifier.isPrivate(type.getModifiers())) {
            throw unsupported(type, "a private class");
        }
        Source source = new Source(type);
        List<String> members = new ArrayList<>();
        Map<String, ArgSpec> specs = new LinkedHashMap<>();
        for (ArgSpec arg : spec.args()) {
            if (arg.userObject() instanceof Field field && field.getDeclaringClass() == type) {
                specs.put(field.getName(), arg);
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            for (Annotation annotation : method.getAnnotations()) {
                if (annotation.annotationType().getEnclosingClass() == CommandLine.class) {
                    throw unsupported(type, "an annotated method " + method.getName());
                }
            }
        }
        StringBuilder body = new StringBuilder();
        for (Field field : type.getDeclaredFields()) {
            if (field.isAnnotationPresent(Option.class) || field.isAnnotationPresent(Parameters.class)) {
                checkAttributes(type, field.isAnnotationPresent(Option.class) ? field.getAnnotation(Option.class)
                        : field.getAnnotation(Parameters.class), ARG_ATTRIBUTES);
                requireAccessible(type, field);
                ArgSpec arg = specs.get(field.getName());
                if (arg == null) {
                    throw unsupported(type, "a field picocli did not model: " + field.getName());
                }
                int id = members.size();
                members.add(field.getName());
                body.append(argument(source, arg, field, "new Binding(object, " + id + ")"));
            } else if (field.isAnnotationPresent(Mixin.class)) {
                requireAccessible(type, field);
                Mixin mixin = field.getAnnotation(Mixin.class);
                String name = mixin.name().isEmpty() ? field.getName() : mixin.name();
                CommandSpec mixinSpec = spec.mixins().get(name);
                if (mixinSpec == null) {
                    throw unsupported(type, "a mixin picocli did not model: " + name);
                }
                write(field.getType(), mixinSpec, false, factory);
                String mixinType = source.name(field.getType());
                body.append("        if (object.").append(field.getName()).append(" == null) {\n")
                        .append("            object.").append(field.getName()).append(" = factory.create(")
                        .append(mixinType).append(".class);\n        }\n")
                        .append("        spec.addMixin(").append(literal(name)).append(", ")
                        .append(modelName(field.getType(), source)).append(".mixin(object.")
                        .append(field.getName()).append(", factory));\n");
            } else if (field.isAnnotationPresent(Spec.class)) {
                requireAccessible(type, field);
                if (field.getAnnotation(Spec.class).value() != Spec.Target.SELF) {
                    throw unsupported(type, "@Spec(MIXEE)");
                }
                body.append("        object.").append(field.getName()).append(" = spec;\n");
            } else if (field.isAnnotationPresent(Unmatched.class)) {
                requireAccessible(type, field);
                if (!List.class.equals(field.getType())) {
                    throw unsupported(type, "@Unmatched on a field that is not a List<String>");
                }
                int id = members.size();
                members.add(field.getName());
                body.append("        spec.addUnmatchedArgsBinding(CommandLine.Model.UnmatchedArgsBinding"
                        + ".forStringCollectionSupplier(new Binding(object, ").append(id).append(").unmatched()));\n");
            } else if (field.isAnnotationPresent(ArgGroup.class)) {
                throw unsupported(type, "@ArgGroup");
            } else if (field.isAnnotationPresent(ParentCommand.class)) {
                throw unsupported(type, "@ParentCommand");
            }
        }
        String commandPart = isCommand ? commandMethod(type, spec, source) : "";
        source.line("/** The picocli model of {@link " + source.name(type).replace('$', '.')
                + "}, written by ModelWriter at build time from its annotations. */");
        source.line("@SuppressWarnings({\"unchecked\", \"rawtypes\"})");
        source.line("public final class " + modelSimpleName(type) + " {");
        source.line("    private " + modelSimpleName(type) + "() {}");
        source.line("");
        source.raw(commandPart);
        source.line("    /** The model of {@code object} as a mixin: its own options, parameters and mixins. */");
        source.line("    public static CommandSpec mixin(" + source.name(type) + " object, CommandLine.IFactory factory)"
                + " throws Exception {");
        source.line("        CommandSpec spec = CommandSpec.wrapWithoutInspection(object, factory);");
        source.line("        addMembers(spec, object, factory);");
        source.line("        return spec;");
        source.line("    }");
        source.line("");
        source.line("    static void addMembers(CommandSpec spec, " + source.name(type)
                + " object, CommandLine.IFactory factory) throws Exception {");
        source.raw(body.toString());
        source.line("    }");
        source.raw(binding(type, members, source));
        source.line("}");
        sources.add(source.writeTo(output, type.getPackageName(), modelSimpleName(type)));
    }

    /** The {@code spec} method of a command class: its command attributes, members and standard help options. */
    private String commandMethod(Class<?> type, CommandSpec spec, Source source) {
        Command command = type.getAnnotation(Command.class);
        if (command == null) {
            throw unsupported(type, "no @Command");
        }
        checkAttributes(type, command, COMMAND_ATTRIBUTES);
        StringBuilder out = new StringBuilder();
        out.append("    /** The model of the command {@code command}, an instance of the class modelled. */\n");
        out.append("    public static CommandSpec spec(Object command, CommandLine.IFactory factory) throws Exception {\n");
        out.append("        ").append(source.name(type)).append(" object = (").append(source.name(type))
                .append(") command;\n");
        out.append("        CommandSpec spec = CommandSpec.wrapWithoutInspection(object, factory);\n");
        out.append("        spec.name(").append(literal(command.name())).append(");\n");
        UsageMessageSpec usage = spec.usageMessage();
        // the texts as written: picocli interpolates them when it shows them
        out.append("        spec.usageMessage().description(").append(literals(command.description())).append(");\n");
        if (!usage.sortOptions()) {
            out.append("        spec.usageMessage().sortOptions(false);\n");
        }
        if (usage.hidden()) {
            out.append("        spec.usageMessage().hidden(true);\n");
        }
        if (command.customSynopsis().length > 0) {
            out.append("        spec.usageMessage().customSynopsis(").append(literals(command.customSynopsis()))
                    .append(");\n");
        }
        out.append("        addMembers(spec, object, factory);\n");
        if (spec.mixinStandardHelpOptions()) {
            out.append("        spec.addMixin(").append(literal("mixinStandardHelpOptions"))
                    .append(", GeneratedModels.standardHelpOptions(factory));\n");
        }
        out.append("        return spec;\n    }\n\n");
        return out.toString();
    }

    /** The builder calls that add {@code arg} (bound to field {@code field} by {@code binding}). */
    private String argument(Source source, ArgSpec arg, Field field, String binding) {
        StringBuilder out = new StringBuilder();
        if (arg instanceof OptionSpec option) {
            out.append("        spec.addOption(OptionSpec.builder(").append(literals(option.toBuilder().names()))
                    .append(")");
        } else {
            PositionalParamSpec positional = (PositionalParamSpec) arg;
            out.append("        spec.addPositional(PositionalParamSpec.builder()");
            if (!positional.index().isUnspecified()) {
                out.append("\n                .index(").append(literal(positional.index().originalValue())).append(")");
            }
        }
        out.append(attributes(source, arg, field));
        out.append("\n                .getter(").append(binding).append(").setter(").append(binding).append(")")
                .append("\n                .initialValue(object.").append(field.getName())
                .append(").hasInitialValue(true)")
                .append("\n                .build());\n");
        return out.toString();
    }

    /**
     * The builder calls of the attributes of {@code arg} that are not the builder's
     * defaults; the texts as written (picocli formats and interpolates them when it shows
     * them), so taken from a builder of {@code arg}.
     */
    private String attributes(Source source, ArgSpec arg, Field field) {
        StringBuilder out = new StringBuilder();
        String paramLabel;
        String[] description;
        String descriptionKey;
        String defaultValue;
        String splitRegex;
        if (arg instanceof OptionSpec option) {
            OptionSpec.Builder builder = option.toBuilder();
            paramLabel = builder.paramLabel();
            description = builder.description();
            descriptionKey = builder.descriptionKey();
            defaultValue = builder.defaultValue();
            splitRegex = builder.splitRegex();
        } else {
            PositionalParamSpec.Builder builder = ((PositionalParamSpec) arg).toBuilder();
            paramLabel = builder.paramLabel();
            description = builder.description();
            descriptionKey = builder.descriptionKey();
            defaultValue = builder.defaultValue();
            splitRegex = builder.splitRegex();
        }
        if (!arg.arity().isUnspecified()) {
            out.append("\n                .arity(").append(literal(arg.arity().originalValue())).append(")");
        }
        out.append("\n                .required(").append(arg.required()).append(")");
        out.append("\n                .paramLabel(").append(literal(paramLabel)).append(")");
        out.append("\n                .description(").append(literals(description)).append(")");
        out.append("\n                .descriptionKey(").append(literal(descriptionKey)).append(")");
        if (arg.hidden()) {
            out.append("\n                .hidden(true)");
        }
        if (splitRegex != null && !splitRegex.isEmpty()) {
            out.append("\n                .splitRegex(").append(literal(splitRegex)).append(")");
        }
        if (defaultValue != null) {
            out.append("\n                .defaultValue(").append(literal(defaultValue)).append(")");
        }
        out.append("\n                .type(").append(source.name(arg.type())).append(".class)");
        if (arg.auxiliaryTypes().length > 0 && !(arg.auxiliaryTypes().length == 1
                && arg.auxiliaryTypes()[0] == arg.type())) {
            out.append("\n                .auxiliaryTypes(");
            String separator = "";
            for (Class<?> auxiliary : arg.auxiliaryTypes()) {
                out.append(separator).append(source.name(auxiliary)).append(".class");
                separator = ", ";
            }
            out.append(")");
        }
        Class<?>[] converters = field.isAnnotationPresent(Option.class) ? field.getAnnotation(Option.class).converter()
                : field.getAnnotation(Parameters.class).converter();
        if (converters.length > 0) {
            out.append("\n                .converters(");
            String separator = "";
            for (Class<?> converter : converters) {
                out.append(separator).append("(CommandLine.ITypeConverter<?>) factory.create(")
                        .append(source.name(converter)).append(".class)");
                separator = ", ";
            }
            out.append(")");
        }
        Class<?> candidates = field.isAnnotationPresent(Option.class)
                ? field.getAnnotation(Option.class).completionCandidates()
                : field.getAnnotation(Parameters.class).completionCandidates();
        if (!candidates.getName().equals("picocli.CommandLine$NoCompletionCandidates")) {
            out.append("\n                .completionCandidates((Iterable<String>) factory.create(")
                    .append(source.name(candidates)).append(".class))");
        }
        return out.toString();
    }

    /** The getter and setter of the fields of {@code type} that hold arguments, by their number. */
    private static String binding(Class<?> type, List<String> members, Source source) {
        StringBuilder out = new StringBuilder();
        if (members.isEmpty()) {
            return "";
        }
        String object = source.name(type);
        out.append("\n    /** Reads and writes the fields of an object that hold arguments, by their number. */\n");
        out.append("    private record Binding(").append(object)
                .append(" object, int member) implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {\n");
        out.append("        @Override\n        public <T> T get() {\n            return (T) switch (member) {\n");
        for (int i = 0; i < members.size(); i++) {
            out.append("                case ").append(i).append(" -> (Object) object.").append(members.get(i))
                    .append(";\n");
        }
        out.append("                default -> throw new IllegalStateException(\"no member \" + member);\n");
        out.append("            };\n        }\n\n");
        out.append("        @Override\n        public <T> T set(T value) {\n            T old = get();\n");
        out.append("            switch (member) {\n");
        for (int i = 0; i < members.size(); i++) {
            Field field;
            try {
                field = type.getDeclaredField(members.get(i));
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            out.append("                case ").append(i).append(" -> object.").append(members.get(i))
                    .append(" = (").append(source.boxedName(field)).append(") value;\n");
        }
        out.append("                default -> throw new IllegalStateException(\"no member \" + member);\n");
        out.append("            }\n            return old;\n        }\n\n");
        out.append("        /** The list of an {@code @Unmatched} field, created when it has none. */\n");
        out.append("        CommandLine.Model.IGetter unmatched() {\n");
        out.append("            return new CommandLine.Model.IGetter() {\n");
        out.append("                @Override\n                public <T> T get() {\n");
        out.append("                    if (Binding.this.get() == null) {\n");
        out.append("                        set(new java.util.ArrayList<String>());\n");
        out.append("                    }\n                    return Binding.this.get();\n");
        out.append("                }\n            };\n        }\n    }\n");
        return out.toString();
    }

    /** {@code GeneratedModels}: the command classes' models, and the standard help options. */
    private void writeRegistry(List<Class<?>> commands, CommandLine.IFactory factory) throws IOException {
        Source source = new Source(ModelWriter.class);
        source.line("/** The models of every command class, written by ModelWriter at build time. */");
        source.line("public final class GeneratedModels implements CommandModels.Written {");
        source.line("    @Override");
        source.line("    public CommandSpec spec(Object command, CommandLine.IFactory factory) throws Exception {");
        source.line("        return switch (command.getClass().getName()) {");
        for (Class<?> type : commands) {
            source.line("            case " + literal(type.getName()) + " -> " + modelName(type, source)
                    + ".spec(command, factory);");
        }
        source.line("            default -> null;");
        source.line("        };");
        source.line("    }");
        source.line("");
        source.line("    @Override");
        source.line("    public String name(Class<?> type) {");
        source.line("        return switch (type.getName()) {");
        for (Class<?> type : Main.commandClasses()) {
            source.line("            case " + literal(type.getName()) + " -> "
                    + literal(type.getAnnotation(Command.class).name()) + ";");
        }
        source.line("            default -> null;");
        source.line("        };");
        source.line("    }");
        source.line("");
        CommandSpec reference = CommandSpec.wrapWithoutInspection(new Object(), factory);
        reference.mixinStandardHelpOptions(true);
        CommandSpec help = reference.mixins().get("mixinStandardHelpOptions");
        source.line("    /** The options -h/--help and -V/--version, as picocli's mixinStandardHelpOptions adds them. */");
        source.line("    public static CommandSpec standardHelpOptions(CommandLine.IFactory factory) {");
        source.line("        CommandSpec spec = CommandSpec.wrapWithoutInspection(new Object(), factory);");
        for (OptionSpec option : help.options()) {
            OptionSpec.Builder builder = option.toBuilder();
            source.line("        spec.addOption(OptionSpec.builder(" + literals(builder.names()) + ")");
            source.line("                .usageHelp(" + option.usageHelp() + ").versionHelp(" + option.versionHelp()
                    + ")");
            source.line("                .paramLabel(" + literal(builder.paramLabel()) + ")");
            source.line("                .description(" + literals(builder.description()) + ")");
            source.line("                .descriptionKey(" + literal(builder.descriptionKey()) + ")");
            source.line("                .type(boolean.class)");
            source.line("                .initialValue(false).hasInitialValue(true)");
            source.line("                .build());");
        }
        source.line("        return spec;");
        source.line("    }");
        source.line("}");
        sources.add(source.writeTo(output, ModelWriter.class.getPackageName(), "GeneratedModels"));
    }

    private static void checkAttributes(Class<?> type, Annotation annotation, Set<String> supported) {
        for (Method attribute : annotation.annotationType().getDeclaredMethods()) {
            if (supported.contains(attribute.getName())) {
                continue;
            }
            try {
                Object value = attribute.invoke(annotation);
                Object standard = attribute.getDefaultValue();
                boolean same = value.getClass().isArray() ? Arrays.deepEquals(new Object[] {value},
                        new Object[] {standard}) : value.equals(standard);
                if (!same) {
                    throw unsupported(type, "@" + annotation.annotationType().getSimpleName() + "("
                            + attribute.getName() + ")");
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void requireAccessible(Class<?> type, Field field) {
        if (Modifier.isPrivate(field.getModifiers()) || Modifier.isFinal(field.getModifiers())
                || Modifier.isStatic(field.getModifiers())) {
            throw unsupported(type, "a private, final or static annotated field (" + field.getName() + ")");
        }
    }

    private static IllegalStateException unsupported(Class<?> type, String what) {
        return new IllegalStateException("ModelWriter: " + type.getName() + " has " + what
                + ", which the written models do not reproduce; leave it to reflection (ModelWriter.REFLECTIVE) "
                + "or teach ModelWriter");
    }

    /** The simple name of the model class of {@code type}: its nested name joined by '_', then "_Model". */
    static String modelSimpleName(Class<?> type) {
        String name = type.getName().substring(type.getPackageName().length() + 1);
        return name.replace('$', '_') + "_Model";
    }

    private static String modelName(Class<?> type, Source from) {
        return type.getPackageName().equals(from.packageName) ? modelSimpleName(type)
                : type.getPackageName() + "." + modelSimpleName(type);
    }

    static String literals(String[] values) {
        StringBuilder out = new StringBuilder("new String[] {");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(literal(values[i]));
        }
        return out.append("}").toString();
    }

    static String literal(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The text of one generated source file. */
    private static final class Source {
        private final String packageName;
        private final StringBuilder text = new StringBuilder();

        Source(Class<?> owner) {
            this.packageName = owner.getPackageName();
        }

        void line(String line) {
            text.append(line).append('\n');
        }

        void raw(String part) {
            text.append(part);
        }

        /** How the source names {@code type}: its canonical name (primitives and arrays as Java writes them). */
        String name(Class<?> type) {
            if (type.isArray()) {
                return name(type.getComponentType()) + "[]";
            }
            String canonical = type.getCanonicalName();
            if (canonical == null) {
                throw new IllegalStateException("ModelWriter: " + type.getName() + " has no canonical name");
            }
            return canonical;
        }

        /** The type a field's value is cast to when set: its boxed type, generic arguments left out. */
        String boxedName(Field field) {
            Class<?> type = field.getType();
            if (type.isPrimitive()) {
                return switch (type.getName()) {
                    case "boolean" -> "Boolean";
                    case "int" -> "Integer";
                    case "long" -> "Long";
                    case "double" -> "Double";
                    case "float" -> "Float";
                    case "short" -> "Short";
                    case "byte" -> "Byte";
                    case "char" -> "Character";
                    default -> throw new IllegalStateException(type.getName());
                };
            }
            return name(type);
        }

        Path writeTo(Path root, String packageName, String simpleName) throws IOException {
            Set<String> imports = new LinkedHashSet<>(List.of("picocli.CommandLine",
                    "picocli.CommandLine.Model.CommandSpec", "picocli.CommandLine.Model.OptionSpec",
                    "picocli.CommandLine.Model.PositionalParamSpec"));
            StringBuilder file = new StringBuilder("package " + packageName + ";\n\n");
            if (!packageName.equals(ModelWriter.class.getPackageName())) {
                imports.add(ModelWriter.class.getPackageName() + ".GeneratedModels");
            }
            for (String name : imports) {
                file.append("import ").append(name).append(";\n");
            }
            file.append('\n').append(text);
            Path directory = root.resolve(packageName.replace('.', '/'));
            Files.createDirectories(directory);
            Path target = directory.resolve(simpleName + ".java");
            byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                Files.write(target, bytes);
            }
            return target;
        }
    }
}
