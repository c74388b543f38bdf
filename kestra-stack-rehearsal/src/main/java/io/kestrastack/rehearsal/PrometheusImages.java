package io.kestrastack.rehearsal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Prometheus family's images and the Debian programs that stand in for them. Each entry repeats what the
 * image's Dockerfile says (prometheus/prometheus, prometheus/alertmanager, prometheus/blackbox_exporter,
 * prometheus/node_exporter, prometheus-community/postgres_exporter): the entrypoint binary, the default command, the
 * user, and the directories the image creates for that user (Docker copies their ownership into an empty named
 * volume mounted there).
 */
final class PrometheusImages {

    /**
     * One image.
     *
     * @param entrypoint the image's entrypoint binary
     * @param program the Debian program standing in for it
     * @param defaultCommand the image's CMD
     * @param user the image's USER as {@code uid:gid}
     * @param ownedDirs directories the image gives to that user
     */
    record Image(String entrypoint, String program, List<String> defaultCommand, String user, List<String> ownedDirs) {}

    private static final String NOBODY = "65534:65534";

    private static final Map<String, Image> IMAGES = Map.of(
            "prom/prometheus", new Image("/bin/prometheus", "prometheus",
                    List.of("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"), NOBODY,
                    List.of("/prometheus")),
            "prom/alertmanager", new Image("/bin/alertmanager", "prometheus-alertmanager",
                    List.of("--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"), NOBODY,
                    List.of("/alertmanager")),
            "prom/blackbox-exporter", new Image("/bin/blackbox_exporter", "prometheus-blackbox-exporter",
                    List.of("--config.file=/etc/blackbox_exporter/config.yml"), "6170:0", List.of()),
            "prometheuscommunity/postgres-exporter", new Image("/bin/postgres_exporter", "prometheus-postgres-exporter",
                    List.of(), NOBODY, List.of()),
            "prom/node-exporter", new Image("/bin/node_exporter", "prometheus-node-exporter", List.of(), NOBODY, List.of()));

    private PrometheusImages() {}

    /** The image {@code name} (without tag; {@code quay.io/} and {@code quay.io/prometheus/} forms included), if known. */
    static Optional<Image> of(String name) {
        String n = name;
        if (n.startsWith("quay.io/prometheuscommunity/")) {
            n = n.substring("quay.io/".length());
        } else if (n.startsWith("quay.io/prometheus/")) {
            n = "prom/" + n.substring("quay.io/prometheus/".length());
        }
        return Optional.ofNullable(IMAGES.get(n));
    }

    /**
     * The argv to run: the Debian program for the image's entrypoint, then the compose command or the image's CMD.
     * An entrypoint override naming the image's binary is mapped the same way; any other override runs as given.
     */
    static List<String> argv(Image image, List<String> entrypoint, List<String> command) {
        String program = Programs.require(image.program()).toString();
        List<String> args = command.isEmpty() ? image.defaultCommand() : command;
        if (entrypoint.isEmpty() || entrypoint.get(0).equals(image.entrypoint())) {
            List<String> out = new java.util.ArrayList<>();
            out.add(program);
            if (!entrypoint.isEmpty()) {
                out.addAll(entrypoint.subList(1, entrypoint.size()));
            }
            out.addAll(args);
            return out;
        }
        // An entrypoint of its own (a shell that prepares a file, then execs the image's binary): the same command,
        // with the image's binary path naming the Debian program.
        List<String> out = new java.util.ArrayList<>();
        for (String part : entrypoint) {
            out.add(part.replace(image.entrypoint() + " ", program + " "));
        }
        out.addAll(command);
        return out;
    }
}
