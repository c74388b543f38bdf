package io.kestrastack.kubernetes;

/** How Kestra's server is split into pods. */
public enum Topology {
    /** One Deployment running {@code server standalone}: every component in one JVM. */
    STANDALONE,
    /**
     * One Deployment per component ({@code server webserver}, {@code executor}, {@code scheduler},
     * {@code worker}, and on Kestra 2.x {@code controller}), sharing one database and one object store.
     */
    SPLIT
}
