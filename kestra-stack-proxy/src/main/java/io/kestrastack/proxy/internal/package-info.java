/**
 * Implementation of the edges: one escaper per output syntax ({@link io.kestrastack.proxy.internal.CaddyText},
 * {@link io.kestrastack.proxy.internal.NginxText}, {@link io.kestrastack.proxy.internal.ShellText}), the
 * renderers that use them, and the checks both edges share. Not exported.
 */
@NullMarked
package io.kestrastack.proxy.internal;

import org.jspecify.annotations.NullMarked;
