/** Shared test fixtures and real-tool runners for the Kubernetes target. */
@NullMarked
package io.kestrastack.kubernetes.testing;

import org.jspecify.annotations.NullMarked;
