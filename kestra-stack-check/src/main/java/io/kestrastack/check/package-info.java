/** Checks of a running deployment from the outside: {@link io.kestrastack.check.DeploymentCheck}. */
@NullMarked
package io.kestrastack.check;

import org.jspecify.annotations.NullMarked;
