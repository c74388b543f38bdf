#!/bin/bash
set -euo pipefail
/app/kestra plugins install io.kestra.plugin:plugin-notifications:LATEST
exec /app/kestra server standalone --config /app/confs/application-prod.yml
