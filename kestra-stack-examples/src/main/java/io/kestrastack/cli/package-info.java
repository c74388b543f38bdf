/** The {@code kestra-stack} command line: {@code generate}, {@code validate} and {@code lint}. */
@NullMarked
package io.kestrastack.cli;

import org.jspecify.annotations.NullMarked;
