package dev.qrexec.admin;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * How the tests start {@link EditWorker} processes: the test's own class path and
 * the launcher's fast-start flags, optionally with an ahead-of-time cache (JDK 25),
 * which roughly halves the start-up work of each of the many short-lived workers.
 */
record WorkerJvm(List<String> classPath, List<String> flags) {
    private static final List<String> FAST_START = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED");

    WorkerJvm {
        classPath = List.copyOf(classPath);
        flags = List.copyOf(flags);
    }

    /** The test's class path, fast-start flags and the default class-data archive. */
    static WorkerJvm plain() {
        List<String> flags = new ArrayList<>(FAST_START);
        flags.add("-Xshare:auto");
        return new WorkerJvm(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)),
                flags);
    }

    /**
     * The same with an AOT cache made by a training run in {@code scratch}: the class
     * path's directories are packed into one jar first, as the cache requires. Falls
     * back to {@link #plain()} when the training run makes no cache.
     */
    static WorkerJvm withAotCache(Path scratch) throws IOException, InterruptedException {
        Path jar = scratch.resolve("classes.jar");
        List<String> classPath = new ArrayList<>(List.of(jar.toString()));
        List<Path> directories = new ArrayList<>();
        for (String entry : plain().classPath()) {
            if (Files.isDirectory(Path.of(entry))) {
                directories.add(Path.of(entry));
            } else {
                classPath.add(entry);
            }
        }
        pack(directories, jar);
        Path cache = scratch.resolve("worker.aot");
        PolicyDirectory training = new PolicyDirectory(Files.createDirectories(scratch.resolve("training")))
                .write("30-user.policy", "# training\n");
        List<String> flags = new ArrayList<>(FAST_START);
        flags.add("-XX:AOTCacheOutput=" + cache);
        Process run = new ProcessBuilder(new WorkerJvm(classPath, flags).command(training.main, "rounds", "t", "3"))
                .redirectErrorStream(true).start();
        run.getInputStream().readAllBytes();
        if (run.waitFor() != 0 || !Files.isRegularFile(cache)) {
            return plain();
        }
        flags = new ArrayList<>(FAST_START);
        flags.add("-XX:AOTCache=" + cache);
        return new WorkerJvm(classPath, flags);
    }

    /** The command that runs {@code EditWorker DIRECTORY ARGUMENTS...}. */
    List<String> command(Path directory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(EditWorker.class.getName());
        command.add(directory.toString());
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    private static void pack(List<Path> directories, Path jar) throws IOException {
        Set<String> names = new HashSet<>();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Path directory : directories) {
                try (Stream<Path> walk = Files.walk(directory)) {
                    for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                        String name = directory.relativize(path).toString().replace('\\', '/');
                        if (!name.equals("module-info.class") && names.add(name)) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(path, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        }
    }
}
