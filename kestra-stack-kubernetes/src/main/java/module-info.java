/**
 * kestra-stack for Kubernetes: {@link io.kestrastack.kubernetes.KubernetesDeployment} turns the same
 * {@link io.kestrastack.Stack} model into plain manifests for a multi-node Kestra. No Kubernetes model
 * library is needed at run time: manifests are snakeyaml-engine trees.
 */
module io.kestrastack.kubernetes {
    requires transitive io.kestrastack.core;
    requires org.snakeyaml.engine;
    requires static transitive org.jspecify;

    exports io.kestrastack.kubernetes;
    exports io.kestrastack.kubernetes.render;
}
