/**
 * Renders a {@link io.kestrastack.kubernetes.KubernetesDeployment} as Kubernetes manifests and a
 * {@code kustomization.yaml}, and writes them atomically.
 */
@NullMarked
package io.kestrastack.kubernetes.render;

import org.jspecify.annotations.NullMarked;
