package io.kestrastack.rehearsal;

/**
 * The first start of the official {@code postgres} image (docker-library/postgres {@code docker-entrypoint.sh}),
 * with Debian's server: initdb as the {@code postgres} user with {@code --username=$POSTGRES_USER} and the
 * password from a file; {@code host all all all <password_encryption>} appended to pg_hba.conf (scram-sha-256 on
 * current majors); {@code listen_addresses='*'} (the image sets it in its sample configuration); a temporary
 * socket-only server creates {@code POSTGRES_DB}; then the server runs in the foreground as {@code postgres}.
 */
final class PostgresEntrypoint {

    private PostgresEntrypoint() {}

    static final String SCRIPT = """
            set -e
            : "${POSTGRES_USER:=postgres}"
            : "${POSTGRES_DB:=$POSTGRES_USER}"
            as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
            mkdir -p "$PGDATA" /var/run/postgresql
            chown postgres:postgres "$PGDATA" /var/run/postgresql
            chmod 700 "$PGDATA"; chmod 3777 /var/run/postgresql
            if [ ! -s "$PGDATA/PG_VERSION" ]; then
              if [ -z "$POSTGRES_PASSWORD" ]; then echo "POSTGRES_PASSWORD is empty: the image refuses to start" >&2; exit 1; fi
              pw=$(mktemp); printf '%s\\n' "$POSTGRES_PASSWORD" > "$pw"; chown postgres "$pw"
              as_pg initdb --username="$POSTGRES_USER" --pwfile="$pw" -D "$PGDATA" > /dev/null
              rm -f "$pw"
              echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
              auth=$(as_pg postgres -C password_encryption -D "$PGDATA")
              printf '\\nhost all all all %s\\n' "$auth" >> "$PGDATA/pg_hba.conf"
              as_pg pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start > /dev/null
              if [ "$POSTGRES_DB" != postgres ]; then
                as_pg psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --dbname postgres \\
                  -c "CREATE DATABASE \\"$POSTGRES_DB\\"" > /dev/null
              fi
              as_pg pg_ctl -D "$PGDATA" -m fast -w stop > /dev/null
              echo "PostgreSQL init process complete; ready for start up."
            fi
            exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA"
            """;
}
