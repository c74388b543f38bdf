/** Examples of stacks and the command line that writes them. */
@NullMarked
package io.kestrastack.examples;

import org.jspecify.annotations.NullMarked;
