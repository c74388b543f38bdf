/**
 * The Kubernetes target model: {@link io.kestrastack.kubernetes.KubernetesDeployment} and its parts,
 * validated in {@code build()} with every problem reported at once.
 */
@NullMarked
package io.kestrastack.kubernetes;

import org.jspecify.annotations.NullMarked;
