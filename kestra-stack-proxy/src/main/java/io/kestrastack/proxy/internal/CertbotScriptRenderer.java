package io.kestrastack.proxy.internal;

import io.kestrastack.EdgeContext;
import io.kestrastack.internal.ShellText;
import io.kestrastack.proxy.NginxEdge;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code nginx/certbot.sh}, the POSIX shell script that obtains and renews the Let's Encrypt
 * certificate of an {@link NginxEdge} with {@link NginxEdge.Tls.Certbot}. The first run (no certificate
 * yet, nginx not started) lets certbot answer the http-01 challenge itself on port 80; later runs renew
 * through nginx's challenge location and reload nginx. Every model value is one single-quoted word
 * ({@link ShellText}).
 */
public final class CertbotScriptRenderer {

    private CertbotScriptRenderer() {}

    /** The script text. */
    public static String render(NginxEdge edge, NginxEdge.Tls.Certbot certbot, EdgeContext context) {
        String host = context.address().host();
        String conf = NginxEdge.CERTBOT_CONF_DIR.substring(2);
        String webroot = NginxEdge.CERTBOT_WEBROOT_DIR.substring(2);
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/sh");
        lines.add("# Let's Encrypt certificate of " + ShellText.comment(host) + " for nginx in the Compose project "
                + ShellText.comment(context.projectName()) + ", rendered by kestra-stack.");
        lines.add("# Run it once before the first 'docker compose up' (certbot answers the challenge on port 80");
        lines.add("# itself), then daily, for example from cron: it renews when due and reloads nginx.");
        lines.add("set -eu");
        lines.add("cd \"$(dirname \"$0\")/..\"");
        lines.add("domain=" + ShellText.word(host));
        // certbot registers its ACME account on the first run. Without a contact it needs
        // --register-unsafely-without-email: required in non-interactive mode before certbot 3.3.0, still
        // accepted (hidden from --help) by 5.x (certbot CHANGELOG 3.3.0; cli/__init__.py).
        String account;
        if (certbot.email().isPresent()) {
            lines.add("email=" + ShellText.word(certbot.email().get()));
            account = "--no-eff-email --email \"$email\"";
        } else {
            lines.add("# No contact email: the ACME account is registered without one (--register-unsafely-without-email),");
            lines.add("# so Let's Encrypt cannot reach you about the account. Let's Encrypt no longer sends expiry");
            lines.add("# emails (since 2025); to give a contact, set one in the stack and generate again.");
            account = "--register-unsafely-without-email";
        }
        lines.add("image=" + ShellText.word(edge.certbotImage().reference()));
        lines.add("service=" + ShellText.word(edge.serviceName()));
        lines.add("if [ -e \"" + conf + "/live/$domain/fullchain.pem\" ]; then");
        lines.add("\tdocker run --rm -v \"$PWD/" + conf + ":/etc/letsencrypt\" -v \"$PWD/" + webroot + ":"
                + NginxEdge.CONTAINER_WEBROOT + "\" \"$image\" renew --webroot -w " + NginxEdge.CONTAINER_WEBROOT
                + " --quiet");
        lines.add("\tdocker compose exec -T \"$service\" nginx -s reload");
        lines.add("else");
        lines.add("\tmkdir -p " + conf + " " + webroot);
        lines.add("\tdocker run --rm -p 80:80 -v \"$PWD/" + conf + ":/etc/letsencrypt\" \"$image\" certonly --standalone"
                + " --non-interactive --agree-tos " + account + " --cert-name \"$domain\" -d \"$domain\"");
        lines.add("fi");
        return String.join("\n", lines) + "\n";
    }
}
