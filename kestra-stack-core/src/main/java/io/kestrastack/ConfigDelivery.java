package io.kestrastack;

/** How the Kestra configuration reaches the container. Both carry the same content. */
public enum ConfigDelivery {
    /** In the {@code KESTRA_CONFIGURATION} environment variable of the Kestra service. */
    INLINE,
    /** As {@code kestra/application.yaml}, mounted read-only and passed with {@code --config}. */
    FILE
}
