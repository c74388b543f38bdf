package io.kestrastack.testing;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.InternalStorage;
import io.kestrastack.KestraService;
import io.kestrastack.PostgresService;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each core container's environment must hold, computed from the model alone (never from rendered
 * text), so that tests can compare it with what Compose resolves.
 */
public final class ExpectedEnvironment {

    private ExpectedEnvironment() {}

    /** The Postgres container: database, user and the password's value. */
    public static Map<String, String> postgres(Stack stack) {
        PostgresService pg = stack.postgres();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_DB", pg.database());
        env.put("POSTGRES_USER", pg.user());
        env.put("POSTGRES_PASSWORD", TestSecrets.valueOf(pg.password()));
        return env;
    }

    /**
     * The Kestra container, except {@code KESTRA_CONFIGURATION} (checked through the parsed configuration):
     * every secret by value (flow secrets as base64), every flow variable as {@code ENV_<NAME>}, the JVM
     * options and the GCS key path.
     */
    public static Map<String, String> kestra(Stack stack) {
        KestraService k = stack.kestra();
        Map<String, String> env = new LinkedHashMap<>();
        put(env, stack.postgres().password());
        put(env, k.basicAuth().password());
        k.encryptionKey().ifPresent(s -> put(env, s));
        k.storage().secrets().forEach(s -> put(env, s));
        k.forwardProxy().flatMap(p -> p.secret()).ifPresent(s -> put(env, s));
        if (k.storage() instanceof InternalStorage.Gcs gcs && gcs.serviceAccountFile() != null) {
            env.put("GOOGLE_APPLICATION_CREDENTIALS", InternalStorage.Gcs.CONTAINER_PATH);
        }
        for (Secret s : k.flowSecrets()) {
            env.put(s.variable(), TestSecrets.base64Of(s));
        }
        k.flowEnvironment().forEach((name, value) -> env.put("ENV_" + name, value));
        if (k.scriptTasks() == io.kestrastack.ScriptTasks.DOCKER_IN_DOCKER) {
            env.put("DOCKER_HOST", "unix:///dind/docker.sock");
        }
        String heap = k.heap().map(h -> "-Xmx" + h).orElse(null);
        String opts = k.jvmOptions().orElse(null);
        if (heap != null || opts != null) {
            env.put("JAVA_OPTS", heap == null ? opts : opts == null ? heap : heap + " " + opts);
        }
        return env;
    }

    /** Whether the Kestra container gets its configuration in {@code KESTRA_CONFIGURATION}. */
    public static boolean inlineConfiguration(Stack stack) {
        return stack.kestra().configDelivery() == ConfigDelivery.INLINE;
    }

    private static void put(Map<String, String> env, Secret s) {
        env.put(s.variable(), TestSecrets.valueOf(s));
    }
}
