package io.kestrastack.kubernetes;

import java.util.Objects;

/**
 * A key of a Kubernetes Secret that exists already and that kestra-stack does not manage.
 *
 * @param name the Secret's name
 * @param key the key in its data
 */
public record SecretKeyRef(String name, String key) {
    public SecretKeyRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }
}
