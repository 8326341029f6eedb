#!/bin/sh
# Wait until the shop answers on WEB_PORT (read from .env).
set -e
. ./.env
i=0
until wget -q -O /dev/null "http://127.0.0.1:${WEB_PORT}/health"; do
  i=$((i + 1))
  if [ "$i" -ge 30 ]; then
    echo "web did not answer on port ${WEB_PORT}" >&2
    exit 1
  fi
  sleep 1
done
