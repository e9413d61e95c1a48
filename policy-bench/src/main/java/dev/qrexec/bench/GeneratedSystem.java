package dev.qrexec.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A realistic Qubes system of about fifty qubes: dom0, templates, disposable
 * templates, service qubes, application qubes with tags, two running disposables and
 * a RemoteVM behind a relay. The same seed gives the same system.
 */
public final class GeneratedSystem {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LABELS = {"red", "orange", "yellow", "green", "gray", "blue", "purple", "black"};
    private static final String[] PROJECTS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
    /** Tags that the generated policy uses; every one is carried by some qube. */
    static final List<String> TAGS = List.of("work", "personal", "trusted", "untrusted", "audio", "split-gpg",
            "project-alpha", "project-bravo", "project-charlie", "created-by-dom0", "dvm-work");

    private final List<GeneratedQube> qubes;

    private GeneratedSystem(List<GeneratedQube> qubes) {
        this.qubes = List.copyOf(qubes);
    }

    /** The system for {@code seed}. */
    public static GeneratedSystem generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<GeneratedQube> qubes = new ArrayList<>();
        qubes.add(new GeneratedQube("dom0", "AdminVM", "black", List.of(), false, "default-dvm", true, false,
                "00000000-0000-0000-0000-000000000000", null, null));
        for (String template : List.of("fedora-41", "fedora-41-minimal", "fedora-41-xfce", "debian-12",
                "debian-12-minimal", "whonix-gateway-17", "whonix-workstation-17")) {
            qubes.add(qube(random, template, "TemplateVM", "black", List.of(), false, "default-dvm", false));
        }
        qubes.add(qube(random, "default-dvm", "AppVM", "red", List.of(), true, "default-dvm", false));
        qubes.add(qube(random, "fedora-41-dvm", "AppVM", "red", List.of("dvm-work"), true, "default-dvm", false));
        qubes.add(qube(random, "debian-12-dvm", "AppVM", "gray", List.of("dvm-work"), true, "default-dvm", false));
        qubes.add(qube(random, "whonix-workstation-17-dvm", "AppVM", "red", List.of(), true,
                "whonix-workstation-17-dvm", false));
        qubes.add(new GeneratedQube("default-mgmt-dvm", "AppVM", "black", List.of(), true, null, false, true,
                uuid(random), null, null));
        for (String sys : List.of("sys-net", "sys-firewall", "sys-usb", "sys-whonix", "sys-audio")) {
            List<String> tags = sys.equals("sys-audio") ? List.of("audio") : List.of();
            qubes.add(qube(random, sys, "AppVM", "red", tags, false, "default-dvm", true));
        }
        qubes.add(qube(random, "work", "AppVM", "blue", List.of("work", "trusted", "split-gpg"), false,
                "fedora-41-dvm", true));
        qubes.add(qube(random, "personal", "AppVM", "yellow", List.of("personal", "audio"), false, "default-dvm",
                true));
        qubes.add(qube(random, "vault", "AppVM", "black", List.of("trusted"), false, null, false));
        qubes.add(qube(random, "gpg-vault", "AppVM", "black", List.of("trusted"), false, null, true));
        qubes.add(qube(random, "untrusted", "AppVM", "red", List.of("untrusted"), false, "default-dvm", true));
        qubes.add(qube(random, "banking", "AppVM", "green", List.of("trusted"), false, "fedora-41-dvm", false));
        qubes.add(qube(random, "mail", "AppVM", "blue", List.of("work", "split-gpg"), false, "fedora-41-dvm", true));
        qubes.add(qube(random, "anon-whonix", "AppVM", "red", List.of("untrusted"), false,
                "whonix-workstation-17-dvm", false));
        qubes.add(qube(random, "media", "StandaloneVM", "purple", List.of("personal", "audio"), false,
                "default-dvm", false));
        for (int i = 0; qubes.size() < 48; i++) {
            String project = PROJECTS[i % PROJECTS.length];
            String name = String.format(Locale.ROOT, "%s-%02d", project, i / PROJECTS.length + 1);
            List<String> tags = TAGS.contains("project-" + project)
                    ? List.of("work", "project-" + project, "created-by-dom0")
                    : List.of("work", "created-by-dom0");
            qubes.add(qube(random, name, "AppVM", LABELS[random.nextInt(LABELS.length)], tags, false,
                    random.nextBoolean() ? "fedora-41-dvm" : "debian-12-dvm", random.nextInt(3) == 0));
        }
        qubes.add(qube(random, "disp" + (1000 + random.nextInt(9000)), "DispVM", "red", List.of(), false,
                "default-dvm", true));
        qubes.add(qube(random, "disp" + (1000 + random.nextInt(9000)), "DispVM", "gray", List.of("dvm-work"), false,
                "fedora-41-dvm", true));
        qubes.add(new GeneratedQube("remote-laptop", "RemoteVM", "orange", List.of("work"), false, null, true,
                false, uuid(random), "sys-net", "qubesair.SSHProxy"));
        return new GeneratedSystem(qubes);
    }

    private static GeneratedQube qube(SplittableRandom random, String name, String type, String label,
                                      List<String> tags, boolean dispvmTemplate, String defaultDispvm,
                                      boolean running) {
        return new GeneratedQube(name, type, label, tags, dispvmTemplate, defaultDispvm, running, false,
                uuid(random), null, null);
    }

    private static String uuid(SplittableRandom random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    public List<GeneratedQube> qubes() {
        return qubes;
    }

    /** The qubes other than dom0. */
    List<GeneratedQube> domUs() {
        return qubes.stream().filter(q -> !q.isDom0()).toList();
    }

    /** The disposable templates. */
    List<GeneratedQube> dispvmTemplates() {
        return qubes.stream().filter(GeneratedQube::templateForDispvms).toList();
    }

    /** The system information as qubesd's {@code internal.GetSystemInfo} returns it. */
    public String systemInfoJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode domains = root.putObject("domains");
        for (GeneratedQube qube : qubes) {
            ObjectNode node = domains.putObject(qube.name());
            node.put("default_dispvm", qube.defaultDispvm());
            node.put("guivm", qube.isDom0() ? null : "dom0");
            node.put("icon", qube.icon());
            node.put("internal", qube.internal() ? "1" : null);
            node.put("label", qube.label());
            node.put("power_state", qube.running() ? "Running" : "Halted");
            node.put("relayvm", qube.relayvm());
            node.putArray("tags").addAll(qube.tags().stream().map(JSON.getNodeFactory()::textNode).toList());
            node.put("template_for_dispvms", qube.templateForDispvms());
            node.put("transport_rpc", qube.transportRpc());
            node.put("type", qube.type());
            node.put("uuid", qube.uuid());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write system information", e);
        }
    }
}
