package io.kestrastack.kubernetes.render;

import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.bundle.BundlePlan;
import io.kestrastack.bundle.FileBundle;
import io.kestrastack.internal.Yaml;
import io.kestrastack.kubernetes.KubernetesDeployment;
import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The manifests of a {@link KubernetesDeployment}, written into a directory (by convention {@code k8s/})
 * with kestra-stack's atomic writer.
 *
 * <p>Like {@code .env} on the Compose side, every value already in the directory's {@code secret.yaml} is
 * kept: a database password or encryption key must not change when the manifests are generated again.
 * Diffs of {@code secret.yaml} show its name only.
 */
public final class KubernetesBundle {

    private final KubernetesDeployment deployment;

    private KubernetesBundle(KubernetesDeployment deployment) {
        this.deployment = deployment;
    }

    /** The bundle of {@code deployment}. */
    public static KubernetesBundle of(KubernetesDeployment deployment) {
        return new KubernetesBundle(Objects.requireNonNull(deployment, "deployment"));
    }

    /** The files with fresh secret values (for inspection; {@link #writeTo} keeps existing ones). */
    public List<RenderedFile> files() {
        return new KubernetesRenderer().render(deployment);
    }

    /** The files as they would be written into {@code dir}: with the secret values already there. */
    public List<RenderedFile> files(Path dir) {
        return new KubernetesRenderer().render(deployment, existingSecretValues(dir));
    }

    /** The content of one file of {@link #files()}. */
    public String content(String path) {
        Optional<RenderedFile> file = files().stream().filter(f -> f.path().equals(path)).findFirst();
        return file.map(RenderedFile::content).orElseThrow(() -> new IllegalArgumentException("no file " + path));
    }

    /** What {@link #writeTo(Path, boolean)} would change, without writing. */
    public BundlePlan plan(Path dir, boolean force) {
        return FileBundle.of(files(dir)).plan(dir, force);
    }

    /**
     * Writes the manifests into {@code dir} atomically, keeping existing secret values.
     *
     * @throws io.kestrastack.bundle.BundleConflictException if a file edited by hand would be overwritten
     *     without {@code force}; nothing has been written
     * @throws StackConfigException if the existing {@code secret.yaml} cannot be read; nothing has been
     *     written
     */
    public BundlePlan writeTo(Path dir, boolean force) {
        return FileBundle.of(files(dir)).writeTo(dir, force);
    }

    /** The {@code stringData} of the Secret in {@code dir/secret.yaml}, or nothing. */
    static Map<String, String> existingSecretValues(Path dir) {
        Path file = dir.resolve(KubernetesRenderer.SECRET_FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the existing " + KubernetesRenderer.SECRET_FILE, e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Object doc;
        try {
            doc = Yaml.load(text);
        } catch (RuntimeException e) {
            // Never echo the parser's message: it quotes the text, which holds secrets.
            throw new StackConfigException(List.of(new Violation(KubernetesRenderer.SECRET_FILE, "unreadable-secret",
                    "the existing " + KubernetesRenderer.SECRET_FILE + " is not valid YAML, so its values cannot be kept",
                    "fix it by hand, or move it away to start with new secret values")));
        }
        if (doc instanceof Map<?, ?> secret && secret.get("stringData") instanceof Map<?, ?> data) {
            for (Map.Entry<?, ?> e : data.entrySet()) {
                if (e.getKey() instanceof String k && e.getValue() instanceof String v) {
                    out.put(k, v);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "KubernetesBundle[" + deployment.namespace() + "/" + deployment.name() + "]";
    }
}
