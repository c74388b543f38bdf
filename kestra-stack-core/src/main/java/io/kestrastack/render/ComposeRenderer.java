package io.kestrastack.render;

import io.kestrastack.Stack;
import io.kestrastack.internal.ComposeText;
import io.kestrastack.internal.Yaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code docker-compose.yml}: top-level {@code name}, no {@code version}, every service on one
 * private network with {@code restart: unless-stopped}, dependencies that wait for
 * {@code service_healthy}, named volumes, and secrets only as {@code ${VARIABLE}} references. Every
 * other {@code $} is doubled.
 */
public final class ComposeRenderer implements Renderer {

    /** Path of the file in the bundle. */
    public static final String PATH = "docker-compose.yml";

    @Override
    public RenderedFile render(Stack stack) {
        return render(stack, StackServices.of(stack));
    }

    /** Renders the given service descriptions of {@code stack}. */
    public RenderedFile render(Stack stack, List<ServiceSpec> services) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", stack.name());
        Map<String, Object> servicesNode = new LinkedHashMap<>();
        List<String> volumes = new ArrayList<>();
        for (ServiceSpec s : services) {
            servicesNode.put(s.name(), service(s, stack.network()));
            for (ServiceSpec.Mount m : s.mounts()) {
                if (m.volume() && !volumes.contains(m.source())) {
                    volumes.add(m.source());
                }
            }
        }
        root.put("services", servicesNode);
        if (!volumes.isEmpty()) {
            Map<String, Object> volumesNode = new LinkedHashMap<>();
            for (String v : volumes) {
                volumesNode.put(v, new LinkedHashMap<>());
            }
            root.put("volumes", volumesNode);
        }
        Map<String, Object> networks = new LinkedHashMap<>();
        networks.put(stack.network(), new LinkedHashMap<>());
        root.put("networks", networks);
        return RenderedFile.of(PATH, Yaml.dump(root));
    }

    private static Map<String, Object> service(ServiceSpec s, String network) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("image", ComposeText.literal(s.image().reference()));
        if (!s.entrypoint().isEmpty()) {
            out.put("entrypoint", literals(s.entrypoint()));
        }
        if (!s.command().isEmpty()) {
            out.put("command", literals(s.command()));
        }
        s.user().ifPresent(u -> out.put("user", ComposeText.literal(u)));
        if (s.privileged()) {
            out.put("privileged", true);
        }
        // A one-shot service must not restart: unless-stopped restarts a container that exited 0 too.
        // "no" is quoted: YAML 1.1 readers such as Compose v1 would read a plain no as false.
        out.put("restart", s.oneShot() ? new Yaml.Quoted("no") : "unless-stopped");
        s.stopGracePeriod().ifPresent(p -> out.put("stop_grace_period", p));
        if (!s.dependsOn().isEmpty()) {
            Map<String, Object> deps = new LinkedHashMap<>();
            s.dependsOn().forEach((dep, d) -> deps.put(dep, Map.of("condition", d.condition().composeName())));
            out.put("depends_on", deps);
        }
        if (!s.environment().isEmpty()) {
            Map<String, Object> env = new LinkedHashMap<>();
            for (Map.Entry<String, ServiceSpec.Env> e : s.environment().entrySet()) {
                env.put(e.getKey(), e.getValue() instanceof ServiceSpec.SecretRef ref
                        ? ComposeText.variable(ref.secret())
                        : ComposeText.literal(((ServiceSpec.Literal) e.getValue()).value()));
            }
            out.put("environment", env);
        }
        if (!s.ports().isEmpty()) {
            List<Object> ports = new ArrayList<>();
            for (ServiceSpec.Port p : s.ports()) {
                // Quoted always: YAML 1.1 readers take an unquoted 80:80 for a base-60 number.
                ports.add(new Yaml.Quoted((p.hostIp() == null ? "" : p.hostIp() + ":") + p.hostPort() + ":"
                        + p.containerPort() + (p.protocol().equals("tcp") ? "" : "/" + p.protocol())));
            }
            out.put("ports", ports);
        }
        if (!s.mounts().isEmpty()) {
            List<Object> mounts = new ArrayList<>();
            for (ServiceSpec.Mount m : s.mounts()) {
                mounts.add(ComposeText.literal(m.source() + ":" + m.target() + (m.readOnly() ? ":ro" : "")));
            }
            out.put("volumes", mounts);
        }
        s.healthCheck().ifPresent(h -> {
            Map<String, Object> hc = new LinkedHashMap<>();
            hc.put("test", literals(h.test()));
            hc.put("interval", h.interval());
            hc.put("timeout", h.timeout());
            hc.put("retries", h.retries());
            hc.put("start_period", h.startPeriod());
            out.put("healthcheck", hc);
        });
        out.put("networks", List.of(network));
        return out;
    }

    private static List<Object> literals(List<String> values) {
        List<Object> out = new ArrayList<>();
        for (String v : values) {
            out.add(ComposeText.literal(v));
        }
        return out;
    }
}
