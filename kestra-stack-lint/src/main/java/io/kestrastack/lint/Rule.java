package io.kestrastack.lint;

import java.util.Locale;
import java.util.Optional;

/**
 * The rule catalogue: every check {@link StackLint} runs, with a stable id, a severity, what it applies
 * to, why it matters and how to fix it. {@code docs/rules.md} is generated from this enum
 * ({@link #markdown()}); a test keeps the two equal.
 *
 * <p>Ids never change meaning once published. A rule that is withdrawn keeps its id unused.
 */
public enum Rule {

    // ---- Reading files --------------------------------------------------------------------------

    FILE_NOT_TEXT("file-not-text", Severity.ERROR, Target.ANY,
            "The file is not UTF-8 text.",
            "A configuration file holds bytes that are not valid UTF-8, or a NUL byte. Compose, Kestra, Caddy and"
                    + " nginx all read text; a binary or mis-encoded file fails or is misread.",
            "Save the file as UTF-8 text, or remove the stray binary file from the stack directory."),

    FILE_UNREADABLE("file-unreadable", Severity.ERROR, Target.ANY,
            "The file cannot be read.",
            "The file could not be opened or read (permissions, a broken link, or a file too large to be a"
                    + " configuration file), so nothing in it was checked.",
            "Make the file readable, or leave it out of the paths given to the linter."),

    YAML_SYNTAX("yaml-syntax", Severity.ERROR, Target.YAML,
            "The YAML does not parse.",
            "The Compose file, a Kestra configuration file or the YAML inside KESTRA_CONFIGURATION is not"
                    + " well-formed YAML. Compose refuses such a file; Kestra fails at start-up.",
            "Fix the YAML at the reported line (indentation, an unclosed quote, a tab used for indentation, a"
                    + " ': ' inside an unquoted value)."),

    YAML_DUPLICATE_KEY("yaml-duplicate-key", Severity.ERROR, Target.YAML,
            "A YAML mapping has the same key twice.",
            "YAML requires unique keys. Compose rejects duplicates; other readers silently keep one of the two"
                    + " values, so what runs is not what the file seems to say.",
            "Keep one of the two entries."),

    ENV_SYNTAX("env-syntax", Severity.ERROR, Target.ENV,
            "A line of .env cannot be read by Compose.",
            "Compose reads .env as KEY=value lines with optional quotes. A line it cannot parse (a space in a"
                    + " name, an unterminated quote) stops Compose before anything starts.",
            "Write each variable as NAME='value' on its own line; quote values that contain spaces or '#'."),

    CADDYFILE_SYNTAX("caddyfile-syntax", Severity.ERROR, Target.CADDY,
            "The Caddyfile is malformed.",
            "Braces do not balance or a quote is not closed. Caddy 2.6 accepts a missing final '}' without"
                    + " complaint, and the blocks then nest differently from what the indentation suggests.",
            "Balance the braces and close every quote; run 'caddy fmt' to see the real nesting."),

    CADDYFILE_IMPORT_NOT_FOLLOWED("caddyfile-import-not-followed", Severity.WARNING, Target.CADDY,
            "A Caddyfile import or snippet was not followed.",
            "The linter does not expand 'import' (of a file or of a snippet), so the directives it brings in were"
                    + " not checked for the rules below.",
            "Inline the imported directives where Kestra is proxied, or check the imported file separately."),

    NGINX_SYNTAX("nginx-syntax", Severity.ERROR, Target.NGINX,
            "The nginx configuration is malformed.",
            "Braces do not balance, a directive lacks its ';', or a quote is not closed. nginx refuses to start.",
            "Fix the reported line; 'nginx -t' shows the same error."),

    NGINX_INCLUDE_NOT_FOLLOWED("nginx-include-not-followed", Severity.WARNING, Target.NGINX,
            "An nginx include was not followed.",
            "The linter does not read files named by 'include', so the directives they hold were not checked.",
            "Lint the included files as well, or inline the directives that concern Kestra."),

    LINT_INTERNAL_ERROR("lint-internal-error", Severity.ERROR, Target.ANY,
            "The linter failed on this file.",
            "An unexpected error stopped a check on this file; its results are incomplete. This is a bug in the"
                    + " linter, not in your file.",
            "Report the file (without its secrets) to the kestra-stack maintainers."),

    // ---- Compose ----------------------------------------------------------------------------------

    COMPOSE_VERSION_KEY("compose-version-key", Severity.WARNING, Target.COMPOSE,
            "The Compose file has the obsolete top-level 'version' key.",
            "Compose v2 ignores 'version' and warns about it; it suggests a schema that is not the one applied.",
            "Delete the 'version' line; name the project with a top-level 'name' instead."),

    COMPOSE_INVALID_INTERPOLATION("compose-invalid-interpolation", Severity.ERROR, Target.COMPOSE,
            "A '$' is not a valid Compose interpolation.",
            "Compose reads '$' as the start of a variable in every value of the Compose file and in unquoted or"
                    + " double-quoted .env values. A '$' followed by anything other than a name, '{' or a second"
                    + " '$' (such as '$1' or a lone '$' at the end) is an error, and Compose refuses the file.",
            "Write a literal '$' as '$$' (in .env, single-quote the value instead)."),

    COMPOSE_UNESCAPED_DOLLAR("compose-unescaped-dollar", Severity.WARNING, Target.COMPOSE,
            "A '$' that was meant literally will be interpolated by Compose.",
            "'$name' or '${name}' refers to a variable that .env does not define and that has no default. Compose"
                    + " replaces it with an empty string (it only warns), so a password such as 'pa$word' or a"
                    + " Micronaut placeholder '${VAR}' inside KESTRA_CONFIGURATION reaches the container mangled."
                    + " The shell environment is not consulted by the linter.",
            "Write '$$' for a literal '$' (Compose passes '$${VAR}' on as '${VAR}'), or define the variable in"
                    + " .env, or give it a default with '${name:-default}'."),

    COMPOSE_VARIABLES_FROM_MISSING_ENV("compose-variables-from-missing-env", Severity.WARNING, Target.COMPOSE,
            "Variables of the Compose file come from an .env that is not among the linted files.",
            "Keeping secrets in an .env that is not committed is the normal layout, so a '${NAME}' that nothing here"
                    + " defines is not an error. But the values built from such variables (passwords, image tags,"
                    + " URLs) could not be checked. The finding is given once per Compose file and names the"
                    + " variables. Variables named in an .env.example-style file beside the Compose file, variables"
                    + " required with '${NAME:?}' and the shell's PWD, HOME, USER and HOSTNAME count as declared and"
                    + " are not listed; lower-case names are still read as a literal '$'"
                    + " (compose-unescaped-dollar).",
            "Lint the stack together with its .env, or commit an .env.example that names each variable."),

    LITERAL_SECRET("literal-secret", Severity.ERROR, Target.COMPOSE_AND_KESTRA,
            "A secret is written literally in the Compose file or a Kestra configuration file.",
            "Passwords, keys and tokens written into docker-compose.yml (directly or inside KESTRA_CONFIGURATION)"
                    + " or into a Kestra configuration file end up in version control, in 'docker inspect' and in"
                    + " support bundles. Environment variables count as secrets when their name contains PASSWORD,"
                    + " PASSWD, SECRET or TOKEN, or a PASS, PWD, API_KEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIALS or"
                    + " CONNECTION_STRING word; names ending in _FILE, _PATH, _DIR or _FILENAME and"
                    + " GOOGLE_APPLICATION_CREDENTIALS hold paths and are not checked. A default written into a"
                    + " reference, such as '${DB_PASSWORD:-kestra}' or 'secret-key: ${KEY:-change-me}', is a literal"
                    + " secret too: it is committed and used whenever the variable is unset.",
            "Keep the value in .env (mode 0600) and refer to it: '${NAME}' in the Compose environment, and a"
                    + " Micronaut placeholder written '$${NAME}' inside KESTRA_CONFIGURATION."),

    COMPOSE_DEPENDS_ON_NOT_HEALTHY("compose-depends-on-not-healthy", Severity.WARNING, Target.COMPOSE,
            "Kestra or the edge does not wait for Postgres or Kestra to be healthy.",
            "The short form of depends_on, and 'condition: service_started', only wait for the container to start."
                    + " Kestra then connects to a Postgres that is still initialising and fails or restarts, and an"
                    + " edge proxy answers 502 until Kestra is ready. Dependencies of other services are not checked.",
            "Use the long form with 'condition: service_healthy' and give the dependency a healthcheck."),

    COMPOSE_DEPENDS_ON_UNKNOWN_SERVICE("compose-depends-on-unknown-service", Severity.ERROR, Target.COMPOSE,
            "'depends_on' names a service that does not exist.",
            "Compose refuses a project whose depends_on names an undefined service (often a typo, or a service"
                    + " renamed since). Services of the other Compose files in the same directory count, since a"
                    + " project is often assembled from several files.",
            "Correct the name, or remove the dependency."),

    COMPOSE_HEALTHCHECK_MISSING("compose-healthcheck-missing", Severity.WARNING, Target.COMPOSE,
            "Postgres, Kestra, or a service others wait for has no healthcheck.",
            "Without a healthcheck, 'service_healthy' dependencies cannot work (Compose refuses them) and"
                    + " 'docker compose ps' cannot tell a hung service from a working one. The rule looks at Postgres,"
                    + " Kestra and any service another one waits for with 'service_healthy'; sidecars such as pgAdmin,"
                    + " Adminer or dind, and partial services of an override file or of 'extends', are left alone.",
            "Add a healthcheck: 'pg_isready' for Postgres, 'curl -fsS http://localhost:8081/health/readiness'"
                    + " for Kestra."),

    IMAGE_NOT_PINNED("image-not-pinned", Severity.ERROR, Target.COMPOSE,
            "An image is untagged or uses a moving tag.",
            "An image without a tag means ':latest'. 'latest', 'develop', 'nightly' and their variants move without"
                    + " notice: a 'docker compose pull' can jump a major version of Kestra or Postgres, and a"
                    + " Postgres major upgrade does not start on the old data directory.",
            "Pin an exact version, such as kestra/kestra:v1.3.4 or postgres:18.1, or a digest."),

    IMAGE_TAG_FLOATS("image-tag-floats", Severity.WARNING, Target.COMPOSE,
            "An image tag names a line or a variant, not a release.",
            "Tags such as 'nginx:alpine', 'docker:dind-rootless', 'stable', 'mainline', 'ci-...' or a bare major"
                    + " with a variant ('postgres:16-alpine') are moved to each new build of their line, like"
                    + " 'latest': two hosts, or two pulls, run different software.",
            "Pin a release with its variant, such as nginx:1.28.0-alpine or docker:28.3.3-dind-rootless, or a digest."),

    DOCKER_SOCKET_AS_ROOT("docker-socket-as-root", Severity.WARNING, Target.COMPOSE,
            "A service runs as root with the host's Docker socket mounted.",
            "Kestra's own compose file runs Kestra as root with /var/run/docker.sock so that script tasks can start"
                    + " containers. Every flow's script then controls the host's Docker daemon, that is the host. It"
                    + " is meant for development. The complete Docker-task setup (the task directory bound at the same"
                    + " path on host and container, with kestra.tasks.tmp-dir.path below it), which kestra-stack"
                    + " renders when Docker tasks are enabled on purpose, is taken as a deliberate choice and not"
                    + " reported.",
            "Run script tasks with the process runner (io.kestra.plugin.core.runner.Process), or give Kestra a"
                    + " rootless Docker-in-Docker sidecar (docker:<version>-dind-rootless, DOCKER_HOST=tcp://dind:2375)"
                    + " and drop both 'user: root' and the socket."),

    KESTRA_IMAGE_OBSOLETE("kestra-image-obsolete", Severity.WARNING, Target.COMPOSE,
            "The Kestra image uses an obsolete '-full' tag.",
            "Kestra stopped building '-full' images in mid-2024, when the plain tag took over every plugin; a"
                    + " '-full' tag (latest-full, develop-full, vX.Y.Z-full) runs a Kestra older than 0.24, with"
                    + " optional basic authentication and without today's fixes. The rules below apply the 0.x"
                    + " behaviour to it.",
            "Pin a current release, such as kestra/kestra:v1.3.4, after reading Kestra's migration guides."),

    KESTRA_PORT_PUBLISHED_BESIDE_EDGE("kestra-port-published-beside-edge", Severity.WARNING, Target.COMPOSE,
            "Kestra's HTTP port is published on all interfaces next to an edge proxy.",
            "When a Caddy, nginx or Traefik service serves Kestra, or a Caddyfile or nginx configuration of the"
                    + " stack that no service mounts (a proxy installed on the host), publishing 8080 on every host"
                    + " address lets anyone reach Kestra around the proxy, without its TLS, headers or access rules;"
                    + " Docker's published ports bypass host firewalls such as UFW.",
            "Remove the 8080 mapping (the proxy reaches Kestra over the Compose network), or bind it to"
                    + " 127.0.0.1."),

    KESTRA_MANAGEMENT_PORT_PUBLISHED("kestra-management-port-published", Severity.ERROR, Target.COMPOSE,
            "Kestra's management port 8081 is published on the host.",
            "Port 8081 serves health, metrics and, in Kestra 1.x, the unauthenticated /env endpoint. Ports"
                    + " published by Docker bypass host firewalls such as UFW.",
            "Remove the 8081 mapping from 'ports'; healthchecks reach it from inside the container."),

    KESTRA_HEALTHCHECK_OUTSIDE_CONTEXT_PATH("kestra-healthcheck-outside-context-path", Severity.ERROR, Target.COMPOSE,
            "Kestra's healthcheck asks a management path outside micronaut.server.context-path.",
            "Micronaut puts the context path in front of the management endpoints, also on port 8081"
                    + " (micronaut-core #7552): under /kestra, readiness is /kestra/health/readiness and"
                    + " /health/readiness answers 404. Kestra then never turns healthy, and everything that waits"
                    + " for it with 'service_healthy' (usually the edge) never starts.",
            "Ask http://localhost:8081<context-path>/health/readiness."),

    POSTGRES_PORT_PUBLISHED("postgres-port-published", Severity.WARNING, Target.COMPOSE,
            "Postgres is published on a non-loopback host address.",
            "Kestra reaches Postgres over the Compose network. Publishing 5432 on all host addresses exposes the"
                    + " database to the network, bypassing host firewalls.",
            "Remove the mapping, or bind it to the loopback address: '127.0.0.1:5432:5432'."),

    POSTGRES_DATA_PATH("postgres-data-path", Severity.ERROR, Target.COMPOSE,
            "A Postgres 18+ image has its volume at /var/lib/postgresql/data.",
            "From Postgres 18 the official image keeps its data below /var/lib/postgresql (in a per-major"
                    + " directory) and declares that path as its volume. A volume mounted at"
                    + " /var/lib/postgresql/data does not hold the data, which is lost when the container is"
                    + " recreated. An untagged or 'latest' postgres image is 18 or newer.",
            "Mount the volume at /var/lib/postgresql for Postgres 18 and later (or pin an older major)."),

    KESTRA_SERVER_LOCAL("kestra-server-local", Severity.ERROR, Target.COMPOSE,
            "Kestra runs 'server local' next to a Postgres datasource.",
            "'server local' is for development: it forces an H2 repository and queue, keeps storage in the"
                    + " container, picks a random management port and silently ignores the Postgres datasource."
                    + " Nothing is written to Postgres and a healthcheck on 8081 fails.",
            "Run 'server standalone' (or the split server components)."),

    KESTRA_CONFIG_NOT_LINTED("kestra-config-not-linted", Severity.WARNING, Target.COMPOSE,
            "The Kestra configuration file given with --config was not found among the linted files.",
            "The Kestra service reads its configuration from a file mounted into the container, but that file is"
                    + " not part of what was linted, so the Kestra rules could not check it.",
            "Lint the directory that holds the configuration file too, or mount it with a relative path."),

    // ---- Kestra configuration ---------------------------------------------------------------------

    KESTRA_REPOSITORY_NOT_POSTGRES("kestra-repository-not-postgres", Severity.ERROR, Target.KESTRA,
            "kestra.repository.type is missing or not postgres.",
            "Without 'kestra.repository.type: postgres' Kestra does not keep flows and executions in Postgres."
                    + " A datasource alone is not enough.",
            "Set kestra.repository.type: postgres."),

    KESTRA_QUEUE_NOT_POSTGRES("kestra-queue-not-postgres", Severity.ERROR, Target.KESTRA,
            "kestra.queue.type is missing or not postgres.",
            "Kestra runs on Postgres only when both its repository and its queue are of type postgres; a queue left"
                    + " unset or of another type does not use the Postgres datasource.",
            "Set kestra.queue.type: postgres."),

    KESTRA_BASIC_AUTH_MISSING("kestra-basic-auth-missing", Severity.ERROR, Target.KESTRA,
            "Basic-auth credentials are not configured.",
            "Since Kestra 0.24 basic authentication is always on. When kestra.server.basic-auth.username and"
                    + " .password are not configured, the first visitor of the setup page becomes the administrator.",
            "Set kestra.server.basic-auth.username (an email address) and .password (from a secret)."),

    KESTRA_BASIC_AUTH_DISABLED("kestra-basic-auth-disabled", Severity.ERROR, Target.KESTRA,
            "Basic authentication is off on a Kestra older than 0.24.",
            "Before 0.24, basic authentication was optional and off by default: with 'enabled: false', or without"
                    + " 'enabled: true', the UI and API are open to anyone who reaches them. The version comes from"
                    + " the image tag ('-full' tags run Kestra before 0.24).",
            "Upgrade Kestra (from 0.24 authentication is always on), or set kestra.server.basic-auth.enabled: true"
                    + " with a username and a password from a secret."),

    KESTRA_BASIC_AUTH_ENABLED_KEY("kestra-basic-auth-enabled-key", Severity.WARNING, Target.KESTRA,
            "kestra.server.basic-auth.enabled is set.",
            "Kestra ignores the 'enabled' flag since 0.24; 'enabled: false' suggests authentication is off when it"
                    + " is not, and 'enabled: true' suggests it could be. Not reported for images older than 0.24,"
                    + " where the flag still works.",
            "Delete the 'enabled' key."),

    KESTRA_BASIC_AUTH_USERNAME_NOT_EMAIL("kestra-basic-auth-username-not-email", Severity.ERROR, Target.KESTRA,
            "The basic-auth username is not an email address.",
            "Kestra requires the basic-auth username to be an email address. An invalid one does not stop the"
                    + " server: Kestra shows an error in the UI instead, so the mistake surfaces only after deployment.",
            "Use an address such as admin@example.com."),

    KESTRA_BASIC_AUTH_WEAK_PASSWORD("kestra-basic-auth-weak-password", Severity.ERROR, Target.KESTRA,
            "The basic-auth password does not meet Kestra's policy.",
            "Kestra requires 8 to 256 characters with a lower-case letter, an upper-case letter and a digit. A"
                    + " password that fails does not stop the server: Kestra shows an error in the UI instead. The"
                    + " check runs on literal passwords and on values the linter can resolve through Compose and .env.",
            "Use a longer password with lower-case and upper-case letters and a digit, kept in .env."),

    KESTRA_TMP_DIR_UNSET("kestra-tmp-dir-unset", Severity.WARNING, Target.KESTRA,
            "/tmp/kestra-wd is mounted but kestra.tasks.tmp-dir.path is not set.",
            "The mount exists so that task containers started through the host's Docker socket find the working"
                    + " directory at the same path on the host. Kestra uses it only when kestra.tasks.tmp-dir.path"
                    + " points below it; otherwise it works in /tmp, which the host does not see.",
            "Set kestra.tasks.tmp-dir.path: /tmp/kestra-wd/tmp."),

    KESTRA_URL_MISSING("kestra-url-missing", Severity.WARNING, Target.KESTRA,
            "kestra.url is not set.",
            "Kestra uses kestra.url to build links in notifications and the execution URLs its API returns.",
            "Set kestra.url to the public base URL with a trailing slash, such as https://flows.example.com/."),

    KESTRA_URL_TRAILING_SLASH("kestra-url-trailing-slash", Severity.WARNING, Target.KESTRA,
            "kestra.url does not end with '/'.",
            "Kestra's documentation asks for a trailing slash, and the form with exactly one trailing slash is"
                    + " read correctly by every Kestra release.",
            "Add the trailing slash: https://flows.example.com/."),

    KESTRA_URL_UI_OR_API("kestra-url-ui-or-api", Severity.ERROR, Target.KESTRA,
            "kestra.url contains /ui or /api.",
            "kestra.url is the base below which Kestra itself adds /ui and /api; including them doubles the path"
                    + " in every generated link.",
            "Remove /ui or /api: use the address users type, up to and including the context path."),

    KESTRA_URL_HOST_MISMATCH("kestra-url-host-mismatch", Severity.WARNING, Target.PROXY,
            "kestra.url names a host that the edge proxy does not serve.",
            "Kestra builds the links of its notifications and the execution URLs of its API from kestra.url. When the"
                    + " Caddyfile or nginx server that proxies Kestra answers for other host names only, those links"
                    + " lead elsewhere.",
            "Make kestra.url use the host name the proxy serves Kestra at."),

    KESTRA_KEY_SPELLED_TWICE("kestra-key-spelled-twice", Severity.ERROR, Target.KESTRA,
            "The same Kestra setting is given twice with different spellings.",
            "Micronaut treats camelCase and kebab-case keys (and dotted and nested keys) as the same property, so"
                    + " one of the two values silently wins.",
            "Keep one entry, in kebab-case."),

    KESTRA_SECRET_PASTED_INTO_YAML("kestra-secret-pasted-into-yaml", Severity.WARNING, Target.COMPOSE,
            "A Compose variable pastes a secret into the YAML of KESTRA_CONFIGURATION.",
            "'${VAR}' inside KESTRA_CONFIGURATION is replaced by Compose before Kestra parses the YAML. A value"
                    + " with ': ', ' #' or a quote then breaks the YAML or is cut short, and Kestra gets a"
                    + " different password than Postgres.",
            "Pass the secret to the Kestra container as its own environment variable and write a Micronaut"
                    + " placeholder '$${VAR}' in KESTRA_CONFIGURATION."),

    CONTEXT_PATH_MISMATCH("context-path-mismatch", Severity.ERROR, Target.PROXY,
            "micronaut.server.context-path, kestra.url and the proxy location disagree.",
            "Kestra served under a sub-path needs the same path in three places: micronaut.server.context-path,"
                    + " the path of kestra.url, and the proxy location, which must pass the prefix through"
                    + " unchanged. When they differ, the UI loads without its assets or links point elsewhere.",
            "Use one path everywhere, such as /kestra: context-path /kestra, kestra.url"
                    + " https://host/kestra/, and a proxy location /kestra that does not strip or rewrite it."),

    // ---- Edge proxies -----------------------------------------------------------------------------

    NGINX_PROXY_BUFFERING("nginx-proxy-buffering", Severity.ERROR, Target.NGINX,
            "nginx buffers responses of the location that serves Kestra.",
            "nginx buffers proxied responses unless told otherwise. Kestra streams execution updates and logs as"
                    + " server-sent events, so with buffering the live views stay blank until the run ends.",
            "Add 'proxy_buffering off;' to the location (or its server block)."),

    NGINX_PROXY_CACHE("nginx-proxy-cache", Severity.ERROR, Target.NGINX,
            "nginx caches responses of the location that serves Kestra.",
            "A proxy cache in front of Kestra can serve one user's cached API responses to another, and holds"
                    + " event streams back.",
            "Use 'proxy_cache off;' for the Kestra location."),

    NGINX_PLAIN_HTTP_PUBLIC("nginx-plain-http-public", Severity.WARNING, Target.NGINX,
            "nginx serves Kestra over plain HTTP under a public name.",
            "A server that listens without TLS, for a public server_name, with no TLS server in the file, sends"
                    + " the basic-auth credentials of every request in clear text. A literal 'X-Forwarded-Proto https'"
                    + " (TLS ended by a load balancer in front) or 'X-Forwarded-Proto http' states the public scheme"
                    + " and is taken as the operator's choice; names such as *.lan, *.internal or localhost are not"
                    + " public.",
            "Serve Kestra with 'listen 443 ssl' and a certificate, and redirect port 80 to it."),

    NGINX_CLIENT_MAX_BODY_SIZE("nginx-client-max-body-size", Severity.WARNING, Target.NGINX,
            "nginx limits Kestra's request bodies to its 1 MB default.",
            "Without client_max_body_size, nginx answers 413 to any request body over 1 MB: uploading a namespace"
                    + " file, an input file or a flow bundle to Kestra fails.",
            "Set 'client_max_body_size' in the server or location, such as 'client_max_body_size 200m;'."),

    NGINX_FORWARDED_PROTO("nginx-forwarded-proto", Severity.WARNING, Target.NGINX,
            "nginx does not tell Kestra the scheme with X-Forwarded-Proto.",
            "Micronaut reads the original scheme from 'Forwarded' or 'X-Forwarded-Proto'. 'X-Forwarded-Protocol',"
                    + " which some guides show, is not read; behind TLS without either header Kestra builds http://"
                    + " URLs and redirects.",
            "Add 'proxy_set_header X-Forwarded-Proto $scheme;' to the location."),

    NGINX_LOCATION_PREFIX_SLASH("nginx-location-prefix-slash", Severity.WARNING, Target.NGINX,
            "The prefix location that serves Kestra has no trailing slash.",
            "'location /kestra' also matches /kestrafoo and /kestra-old, which are then proxied to Kestra.",
            "Write 'location /kestra/' and redirect the bare path with 'location = /kestra { return 301 /kestra/; }'."),

    NGINX_CONNECTION_UPGRADE("nginx-connection-upgrade", Severity.WARNING, Target.NGINX,
            "nginx sends 'Connection: upgrade' on every request to Kestra.",
            "A hard-coded 'proxy_set_header Connection \"upgrade\"' asks for a protocol upgrade on ordinary requests"
                    + " and event streams too, and keeps nginx from reusing upstream connections. Kestra's UI uses"
                    + " server-sent events, not WebSockets.",
            "Use a map: 'map $http_upgrade $connection_upgrade { default upgrade; \"\" close; }' and"
                    + " 'proxy_set_header Connection $connection_upgrade;', or drop the header."),

    NGINX_READ_TIMEOUT_SHORT("nginx-read-timeout-short", Severity.WARNING, Target.NGINX,
            "proxy_read_timeout cuts Kestra's live streams after less than five minutes.",
            "Kestra's log and execution streams send nothing while a task is quiet. nginx closes a stream that has"
                    + " been silent for proxy_read_timeout (60 seconds when unset); the browser's EventSource then"
                    + " reconnects, and Kestra sends the execution's whole log again from the start, so long runs"
                    + " show repeated logs and gaps.",
            "Set 'proxy_read_timeout 1h;' (or longer) in the Kestra location."),

    CADDY_ENCODE_EVENT_STREAM("caddy-encode-event-stream", Severity.ERROR, Target.CADDY,
            "Caddy's encode covers Kestra's event streams.",
            "encode compresses text/* responses, including text/event-stream, and holds each stream back until the"
                    + " first event (caddy issue 6293), so live logs and execution updates stall.",
            "Exclude the event streams from encode with a matcher (for example 'not path */follow*'), or restrict"
                    + " encode's 'match' to other content types."),

    CADDY_HANDLE_PATH("caddy-handle-path", Severity.ERROR, Target.CADDY,
            "Caddy strips Kestra's path prefix before proxying.",
            "handle_path (and 'uri strip_prefix') removes the prefix, but Kestra serves its UI and API below its"
                    + " own context path and redirects there; the stripped requests miss it.",
            "Use 'handle /kestra*' (no stripping) and set micronaut.server.context-path: /kestra."),

    HSTS_PRELOAD("hsts-preload", Severity.WARNING, Target.EDGE,
            "The Strict-Transport-Security header asks for HSTS preloading.",
            "'preload' asks browsers to hard-code HTTPS for the whole registrable domain and its subdomains; undoing"
                    + " it takes months. It is a decision for the whole domain, not for one service.",
            "Send max-age (and includeSubDomains if intended) without preload, unless the domain owner opted in.");

    /** What a rule applies to, for the documentation. */
    public enum Target {
        /** Any file. */
        ANY("any file"),
        /** YAML files: the Compose file, Kestra configuration files, KESTRA_CONFIGURATION. */
        YAML("YAML: docker-compose.yml, Kestra configuration, KESTRA_CONFIGURATION"),
        /** The Compose project's {@code .env}. */
        ENV(".env"),
        /** The Compose file (and its .env). */
        COMPOSE("docker-compose.yml and its .env"),
        /** A Kestra configuration: a file, or KESTRA_CONFIGURATION in the Compose file. */
        KESTRA("Kestra configuration (a file or KESTRA_CONFIGURATION)"),
        /** The Compose file (with KESTRA_CONFIGURATION) and Kestra configuration files. */
        COMPOSE_AND_KESTRA("docker-compose.yml (with KESTRA_CONFIGURATION) and Kestra configuration files"),
        /** Caddyfiles. */
        CADDY("Caddyfile"),
        /** nginx configuration. */
        NGINX("nginx configuration"),
        /** The edge proxy's configuration, whichever it is. */
        EDGE("Caddyfile or nginx configuration"),
        /** The edge proxy's configuration, whichever it is, together with Kestra's. */
        PROXY("Kestra configuration with the Caddyfile or nginx configuration");

        private final String text;

        Target(String text) {
            this.text = text;
        }

        /** Human-readable description. */
        public String text() {
            return text;
        }
    }

    private final String id;
    private final Severity severity;
    private final Target target;
    private final String summary;
    private final String explanation;
    private final String fix;

    Rule(String id, Severity severity, Target target, String summary, String explanation, String fix) {
        this.id = id;
        this.severity = severity;
        this.target = target;
        this.summary = summary;
        this.explanation = explanation;
        this.fix = fix;
    }

    /** Stable kebab-case id, such as {@code nginx-proxy-buffering}. */
    public String id() {
        return id;
    }

    /** Severity of every finding of this rule. */
    public Severity severity() {
        return severity;
    }

    /** What the rule applies to. */
    public Target target() {
        return target;
    }

    /** One sentence saying what the rule finds. */
    public String summary() {
        return summary;
    }

    /** Why it matters. */
    public String explanation() {
        return explanation;
    }

    /** The usual fix; a finding may give a more specific one. */
    public String fix() {
        return fix;
    }

    /** Where the rule is documented, relative to the repository root: {@code docs/rules.md#<id>}. */
    public String documentation() {
        return "docs/rules.md#" + id;
    }

    /** The rule with this id. */
    public static Optional<Rule> byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * The rule catalogue as Markdown: the content of {@code docs/rules.md}, generated from this enum in
     * declaration order with {@code \n} line ends.
     */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Lint rules\n\n");
        out.append("<!-- Generated from io.kestrastack.lint.Rule by RuleDocumentationTest. Do not edit by hand:"
                + " change Rule.java and run the test with -Dkestra-stack.update-docs=true. -->\n\n");
        out.append("`StackLint` (and the `lint` command) reads docker-compose.yml with its .env, Kestra"
                + " configuration files, KESTRA_CONFIGURATION, Caddyfiles and nginx configuration, and reports"
                + " each finding as `file:line rule: message`. The same rules hold for every bundle"
                + " kestra-stack renders. Every finding makes `lint` exit with status 1.\n\n");
        out.append("| Rule | Severity | Applies to | Finds |\n");
        out.append("|---|---|---|---|\n");
        for (Rule r : values()) {
            out.append("| [`").append(r.id).append("`](#").append(r.id).append(") | ").append(r.severity.label())
                    .append(" | ").append(r.target.text()).append(" | ").append(r.summary).append(" |\n");
        }
        for (Rule r : values()) {
            out.append("\n## ").append(r.id).append("\n\n");
            out.append("**").append(capitalize(r.severity.label())).append("** · ").append(r.target.text())
                    .append("\n\n");
            out.append(r.summary).append("\n\n");
            out.append(r.explanation).append("\n\n");
            out.append("**Fix:** ").append(r.fix).append("\n");
        }
        return out.toString();
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
