package dev.qrexec.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No class of the project can deadlock another in class initialisation. Two threads
 * that start initialising two classes that need each other wait for each other
 * forever (JLS 12.4.2); the parser's sealed interfaces once held constants of their
 * own records, and the parallel file reader hung cold processes on it. Checked over
 * every class of every module on the class path:
 * <ul>
 * <li>no type has a static field whose type (or element or type argument) is one of
 *     its own subtypes, nor an interface with default methods one of its own type
 *     (every implementation initialises such an interface first);</li>
 * <li>the graph of "initialising A may initialise B" has no cycle: the classes that
 *     {@code A}'s static initialiser (and the project's methods and constructors it
 *     calls) instantiates or whose static members it uses, plus A's superclass and
 *     the superinterfaces with default methods that the JVM initialises with A.</li>
 * </ul>
 */
class InitialisationCycleTest {
    private static final String ROOT = "dev/qrexec/";
    private static final Map<String, ClassModel> MODELS = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws IOException {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.contains("test-classes")) {
                continue;
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        String name = path.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                        if (name.startsWith(ROOT)) {
                            add(Files.readAllBytes(file));
                        }
                    }
                }
            } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    for (JarEntry file : jar.stream().toList()) {
                        if (file.getName().startsWith(ROOT) && file.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(file)) {
                                add(in.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
    }

    private static void add(byte[] bytes) {
        ClassModel model = ClassFile.of().parse(bytes);
        MODELS.putIfAbsent(model.thisClass().asInternalName(), model);
    }

    @Test
    void everyModuleIsChecked() {
        for (String module : List.of("parser", "eval", "admin", "cli")) {
            assertTrue(MODELS.keySet().stream().anyMatch(n -> n.startsWith(ROOT + module + "/")),
                    "no classes of dev.qrexec." + module + " on the class path");
        }
    }

    @Test
    void noTypeHoldsAConstantOfItsOwnSubtype() throws ClassNotFoundException {
        ClassLoader loader = getClass().getClassLoader();
        List<String> found = new ArrayList<>();
        for (String name : MODELS.keySet()) {
            Class<?> type = Class.forName(name.replace('/', '.'), false, loader);
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                for (Class<?> used : mentioned(field.getGenericType(), new HashSet<>())) {
                    boolean subtype = type.isAssignableFrom(used) && used != Object.class;
                    // A subclass is initialised after its superclass; an implementation after
                    // the interfaces it inherits default methods from (and only those).
                    boolean dependsBack = type.isInterface() ? hasDefaultMethod(MODELS.get(name)) : used != type;
                    if (subtype && dependsBack) {
                        found.add(type.getName() + "." + field.getName() + " : " + used.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    /** The classes a field's type names: itself, array elements, type arguments. */
    private static Set<Class<?>> mentioned(Type type, Set<Class<?>> into) {
        switch (type) {
            case Class<?> c when c.isArray() -> mentioned(c.getComponentType(), into);
            case Class<?> c -> into.add(c);
            case ParameterizedType p -> {
                mentioned(p.getRawType(), into);
                for (Type argument : p.getActualTypeArguments()) {
                    mentioned(argument, into);
                }
            }
            case GenericArrayType a -> mentioned(a.getGenericComponentType(), into);
            case WildcardType w -> {
                for (Type bound : w.getUpperBounds()) {
                    mentioned(bound, into);
                }
            }
            default -> { }
        }
        return into;
    }

    @Test
    void noInitialisationCycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String name : MODELS.keySet()) {
            graph.put(name, initialises(name));
        }
        List<List<String>> cycles = cycles(graph);
        assertEquals(List.of(), cycles);
    }

    /** The project's classes that initialising {@code name} may initialise. */
    private static Set<String> initialises(String name) {
        ClassModel model = MODELS.get(name);
        Set<String> out = new TreeSet<>();
        model.superclass().map(c -> c.asInternalName()).filter(MODELS::containsKey).ifPresent(out::add);
        for (var face : model.interfaces()) {
            String iface = face.asInternalName();
            if (MODELS.containsKey(iface) && hasDefaultMethod(MODELS.get(iface))) {
                out.add(iface);
            }
        }
        Deque<MethodRef> work = new ArrayDeque<>();
        Set<MethodRef> seen = new HashSet<>();
        work.add(new MethodRef(name, "<clinit>", "()V"));
        while (!work.isEmpty()) {
            MethodRef method = work.pop();
            if (!seen.add(method)) {
                continue;
            }
            MethodModel body = find(method);
            if (body == null || body.code().isEmpty()) {
                continue;
            }
            for (CodeElement element : body.code().get()) {
                switch (element) {
                    case NewObjectInstruction n -> out.add(n.className().asInternalName());
                    case FieldInstruction f when f.opcode().name().endsWith("STATIC") ->
                            out.add(f.owner().asInternalName());
                    case InvokeInstruction i -> {
                        String owner = i.owner().asInternalName();
                        if (i.opcode().name().equals("INVOKESTATIC")) {
                            out.add(owner);
                        }
                        work.add(new MethodRef(owner, i.name().stringValue(), i.type().stringValue()));
                    }
                    default -> { }
                }
            }
        }
        out.remove(name);
        out.retainAll(MODELS.keySet());
        return out;
    }

    private static boolean hasDefaultMethod(ClassModel iface) {
        return iface.methods().stream().anyMatch(m -> m.code().isPresent()
                && (m.flags().flagsMask() & ClassFile.ACC_STATIC) == 0);
    }

    private static MethodModel find(MethodRef ref) {
        ClassModel model = MODELS.get(ref.owner());
        if (model == null) {
            return null;
        }
        return model.methods().stream().filter(m -> m.methodName().equalsString(ref.name())
                && m.methodType().equalsString(ref.descriptor())).findFirst().orElse(null);
    }

    private record MethodRef(String owner, String name, String descriptor) {}

    /** The strongly connected components with more than one class (Tarjan). */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<List<String>> found, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]);
        counter[0]++;
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                component.sort(String::compareTo);
                found.add(component);
            }
        }
    }
}
