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
        lines.add("email=" + ShellText.word(certbot.email()));
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
                + " --non-interactive --agree-tos --no-eff-email --email \"$email\" --cert-name \"$domain\" -d \"$domain\"");
        lines.add("fi");
        return String.join("\n", lines) + "\n";
    }
}
