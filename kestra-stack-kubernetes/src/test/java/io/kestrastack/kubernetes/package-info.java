/** Specification tests of the Kubernetes target. */
@NullMarked
package io.kestrastack.kubernetes;

import org.jspecify.annotations.NullMarked;
