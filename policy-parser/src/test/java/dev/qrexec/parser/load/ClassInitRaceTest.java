package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qrexec.parser.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cold process loads the parser's classes while two or more threads parse policy
 * files at once (the loader and its prefetch helpers). A cycle in class
 * initialisation (an interface holding a constant of its own subtype, JLS 12.4.2)
 * then deadlocks the load when one thread starts initialising the interface and
 * another its subtype. This test loads the parser's classes afresh in a new class
 * loader for every round, so every round is a cold start, and loads a tree whose
 * files begin with different actions and tokens on several threads, each round under
 * a deadline. On a 2-core machine it hung in round 8 before the constants moved out of
 * {@code Action}, {@code Token}, {@code ArgumentSpec} and {@code ServiceSpec}.
 */
class ClassInitRaceTest {
    /** Rounds per run; {@code -Dqrexec.classInitRounds=N} for a longer run. */
    private static final int ROUNDS = Integer.getInteger("qrexec.classInitRounds", 2000);
    private static final long ROUND_DEADLINE_MS = 20_000;

    @TempDir
    Path scratch;

    @Test
    void coldParallelLoadsNeverDeadlock() throws Exception {
        Path policy = Files.createDirectories(scratch.resolve("policy.d"));
        writeTree(policy);
        URL classes = PolicyLoader.class.getProtectionDomain().getCodeSource().getLocation();
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            Object outcome = loadInFreshLoader(classes, policy, round);
            String text = outcome.toString();
            assertTrue(text.contains("diagnostics=[]"), () -> "round failed to load: " + text);
        }
        double perRound = (System.nanoTime() - started) / 1e6 / ROUNDS;
        System.out.printf("ClassInitRaceTest: %d cold rounds, %.1f ms each%n", ROUNDS, perRound);
    }

    /** The same tree loads to the same result in the test's own class loader, whatever the thread count. */
    @Test
    void theStressTreeLoadsCleanly() throws Exception {
        Path policy = Files.createDirectories(scratch.resolve("policy.d"));
        writeTree(policy);
        LoadOptions options = options(policy);
        LoadResult once = PolicyLoader.load(options, 1);
        assertEquals(List.of(), once.diagnostics());
        assertEquals(once.toString(), PolicyLoader.load(options, 4).toString());
        assertEquals(19, once.tree().rules().size());
    }

    private static LoadOptions options(Path policy) {
        return LoadOptions.defaults().withDirectories(List.of(policy)).withLegacyDirectory(policy.resolve("legacy"));
    }

    /**
     * Files whose first rules need different classes first: deny, allow, ask, keyword
     * tokens, wildcard service and argument, includes and a service include.
     */
    private static void writeTree(Path policy) throws IOException {
        Path include = Files.createDirectories(policy.resolve("include"));
        Map<String, String> files = Map.of(
                "10-deny.policy", "qubes.A * @anyvm @adminvm deny\nqubes.B +x work @default deny notify=no\n"
                        + "!include include/shared\n",
                "20-allow.policy", "qubes.C * work personal allow\n* * @tag:t @dispvm allow target=@dispvm:dvm\n",
                "30-ask.policy", "qubes.D +arg @type:AppVM @dispvm ask default_target=@dispvm\n"
                        + "qubes.E * * @default ask target=vault\n",
                "40-keywords.policy", "* * @adminvm @anyvm deny\nqubes.F * @anyvm @dispvm:@tag:t allow\n",
                "50-service.policy", "!include-service qubes.G * include/legacy\nqubes.H * work uuid:1-2 allow\n",
                "60-more.policy", "qubes.I * @anyvm @anyvm ask\nqubes.J * @anyvm @anyvm deny\n"
                        + "!include-dir include/dir\n",
                "70-tail.policy", "qubes.K * dom0 @adminvm allow user=root autostart=no\n"
                        + "qubes.L * @anyvm @anyvm deny\n");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(policy.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(include.resolve("shared"), "qubes.M * @anyvm @anyvm ask\nqubes.N * work dom0 deny\n");
        Files.writeString(include.resolve("legacy"), "$anyvm $anyvm ask,default_target=$dispvm\nwork vault allow\n");
        Path dir = Files.createDirectories(include.resolve("dir"));
        Files.writeString(dir.resolve("a.policy"), "qubes.O * * @dispvm deny\n");
        Files.writeString(dir.resolve("b.policy"), "qubes.P * @anyvm @default allow target=dom0\n");
    }

    /**
     * Loads {@code policy} with four threads through parser classes of a new class
     * loader, on a thread of its own, and gives up (failing the test with the stuck
     * threads' stacks) after {@link #ROUND_DEADLINE_MS}.
     */
    private static Object loadInFreshLoader(URL classes, Path policy, int round) throws Exception {
        ClassLoader fresh = new ParserFirstLoader(classes, ClassInitRaceTest.class.getClassLoader());
        Class<?> loaderClass = Class.forName(PolicyLoader.class.getName(), false, fresh);
        Class<?> optionsClass = Class.forName(LoadOptions.class.getName(), false, fresh);
        Class<?> viewClass = Class.forName(FileView.class.getName(), false, fresh);
        Method load = loaderClass.getDeclaredMethod("load", optionsClass, int.class);
        load.setAccessible(true);
        Object options = optionsClass.getConstructor(List.class, Path.class, boolean.class, viewClass)
                .newInstance(List.of(policy), policy.resolve("legacy"), false,
                        viewClass.getMethod("real").invoke(null));
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().daemon(true).name("race-round-" + round).start(() -> {
            try {
                result.set(load.invoke(null, options, 4));
            } catch (InvocationTargetException e) {
                failure.set(e.getCause());
            } catch (ReflectiveOperationException | RuntimeException | Error e) {
                failure.set(e);
            }
        });
        thread.join(ROUND_DEADLINE_MS);
        if (thread.isAlive()) {
            fail("round " + round + " did not finish within " + ROUND_DEADLINE_MS + " ms:\n" + stuckThreads());
        }
        if (failure.get() != null) {
            throw new AssertionError("round " + round + " failed", failure.get());
        }
        return result.get();
    }

    private static String stuckThreads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("policy-") || thread.getName().startsWith("race-round-")) {
                dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }

    /**
     * Defines the parser's own classes itself, from the parser's class directory, and
     * leaves every other class (the grammar, ANTLR, the JDK) to its parent, so that
     * each instance initialises the parser's classes anew.
     */
    private static final class ParserFirstLoader extends ClassLoader {
        /** Every package of the parser module: the AST, the text parser, the loader, the compatibility helpers. */
        private static final String PACKAGE = Diagnostic.class.getPackageName() + ".";
        private final URL classes;

        ParserFirstLoader(URL classes, ClassLoader parent) {
            super("parser-first", parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE) || name.startsWith(ClassInitRaceTest.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = define(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        private Class<?> define(String name) throws ClassNotFoundException {
            String file = name.replace('.', '/') + ".class";
            try (InputStream in = classes.toURI().resolve(file).toURL().openStream()) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException | java.net.URISyntaxException e) {
                return super.loadClass(name, false);
            }
        }
    }
}
