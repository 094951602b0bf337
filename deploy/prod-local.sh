#!/usr/bin/env bash
# `make prod-local`: the production layout on one machine, the way the systemd units run it:
# two gunicorn servers (as two web hosts would be), two Celery workers and one beat, against
# the PostgreSQL and Redis of DATABASE_URL and REDIS_URL. Every process is started with a
# pidfile under $MAILLAGE_VAR_DIR/prod-local/ and stopped by its pid; if one of them exits,
# all are stopped (as a Procfile runner does). Ctrl-C or SIGTERM stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *) echo "prod-local : DATABASE_URL doit désigner PostgreSQL (postgres://…)." >&2; exit 2 ;;
esac
case "${REDIS_URL:-}" in
  redis://* | rediss://* | redis+socket://*) ;;
  *) echo "prod-local : REDIS_URL doit désigner Redis (redis://…)." >&2; exit 2 ;;
esac
[ -n "${SECRET_KEY:-}" ] || { echo "prod-local : SECRET_KEY est obligatoire." >&2; exit 2; }
export DEBUG=0

bin=${VENV:-.venv}/bin
run="${MAILLAGE_VAR_DIR:-var}/prod-local"
mkdir -p "$run"
host=${PROD_LOCAL_HOST:-127.0.0.1}
web_ports=(${PROD_LOCAL_WEB_PORTS:-8001 8002})

"$bin/python" manage.py migrate --noinput
"$bin/python" manage.py collectstatic --noinput >/dev/null

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "prod-local : arrêté."
}
trap stop EXIT
# Ctrl-C or SIGTERM: a requested stop, exit 0.
trap 'stop; exit 0' INT TERM

start() {
  local name=$1; shift
  "$@" >"$run/$name.log" 2>&1 &
  pids+=("$!")
  echo "$name : pid $! (journal $run/$name.log)"
}

n=0
for port in "${web_ports[@]}"; do
  n=$((n + 1))
  start "web$n" "$bin/gunicorn" -c deploy/gunicorn.conf.py --bind "$host:$port" \
    --workers "${WEB_CONCURRENCY:-2}" --pid "$run/web$n.pid" config.wsgi
done
for n in 1 2; do
  start "worker$n" "$bin/celery" -A config worker -n "worker$n@%h" \
    --concurrency "${CELERY_CONCURRENCY:-2}" --loglevel INFO --pidfile "$run/worker$n.pid"
done
start beat "$bin/celery" -A config beat --loglevel INFO \
  --schedule "$run/celerybeat-schedule" --pidfile "$run/beat.pid"

for port in "${web_ports[@]}"; do echo "Maillage : http://$host:$port/  (santé : /sante/)"; done
# Whichever process ends first ends the whole set.
wait -n "${pids[@]}" || true
echo "prod-local : un processus s'est arrêté, arrêt de tous." >&2
exit 1
