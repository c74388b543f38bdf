/**
 * The edge proxies of a kestra-stack: {@link io.kestrastack.proxy.CaddyEdge} and
 * {@link io.kestrastack.proxy.NginxEdge}, both implementing {@link io.kestrastack.Edge}, and the
 * reverse-proxy behaviour they share, {@link io.kestrastack.proxy.ProxySettings}.
 *
 * <p>Both edges are safe for Kestra's server-sent-event streams by construction: responses are never
 * buffered or cached, idle streams get long timeouts, and compression never applies to
 * {@code text/event-stream}. Nothing in the model can turn that off.
 */
@NullMarked
package io.kestrastack.proxy;

import org.jspecify.annotations.NullMarked;
