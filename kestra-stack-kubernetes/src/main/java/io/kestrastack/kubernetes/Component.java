package io.kestrastack.kubernetes;

import io.kestrastack.KestraLine;

/**
 * A Kestra server component: each runs as {@code kestra server <id>} in its own Deployment.
 *
 * <p>Names and commands are Kestra's own: {@code cli/.../commands/servers/*Command.java} in
 * kestra-io/kestra ({@code standalone}, {@code webserver}, {@code executor}, {@code scheduler},
 * {@code worker} with {@code --thread}); {@code controller} is new in 2.0 (kestra docs, migration guide
 * 2.0.0 "Helm Chart gRPC Worker-Controller Changes": gRPC on 50051, workers reach it through
 * {@code kestra.worker.controllers.static.endpoints}).
 */
public enum Component {
    /** Every component in one JVM. */
    STANDALONE("standalone"),
    /** UI and API. */
    WEBSERVER("webserver"),
    /** Executions' state machine. */
    EXECUTOR("executor"),
    /** Triggers and schedules. */
    SCHEDULER("scheduler"),
    /** Runs tasks. */
    WORKER("worker"),
    /** 2.x only: the gRPC endpoint workers talk to instead of the database. */
    CONTROLLER("controller");

    private final String id;

    Component(String id) {
        this.id = id;
    }

    /** The name in {@code kestra server <id>}, in object names and in the component label. */
    public String id() {
        return id;
    }

    /** Whether the component serves Kestra's HTTP port (UI and API) to users. */
    public boolean servesHttp() {
        return this == STANDALONE || this == WEBSERVER;
    }

    /**
     * Whether the component opens a PostgreSQL pool. A 2.x worker does not: it talks only to the
     * controller (kestra docs, migration guide 2.0.0).
     */
    public boolean usesDatabase(KestraLine line) {
        return !(this == WORKER && line == KestraLine.V2);
    }
}
