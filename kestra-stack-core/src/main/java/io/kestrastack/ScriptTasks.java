package io.kestrastack;

/**
 * How Kestra's script tasks (Python, Shell, Node, ...) run in the stack. They default to Kestra's Docker
 * task runner, which needs a Docker daemon; without one they fail unless the flow chooses another runner.
 * Each choice is explained in the bundle's {@code TASKS.md}.
 */
public enum ScriptTasks {
    /**
     * No Docker: script tasks must set {@code taskRunner: {type: io.kestra.plugin.core.runner.Process}} and
     * run as processes in the Kestra container, with the tools its image has. The default, and the safest.
     */
    PROCESS_RUNNER,
    /**
     * A rootless Docker-in-Docker sidecar, as Kestra's own dind compose file and Helm chart offer: tasks run
     * in containers of a daemon that is not root on the host. The sidecar needs {@code privileged: true}
     * (user namespaces), and Kestra keeps its non-root user.
     */
    DOCKER_IN_DOCKER,
    /**
     * The host's Docker socket, mounted into a Kestra that runs as root: every flow author can start
     * containers on the host's daemon, which is root on the host.
     */
    HOST_DOCKER_SOCKET
}
