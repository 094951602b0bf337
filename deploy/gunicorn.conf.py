"""gunicorn settings for Maillage: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Each value can be overridden from the environment (the systemd unit reads
/etc/maillage/maillage.env). Web processes keep no state: scale out by running more of them,
on this host or others, behind the proxy or load balancer (which probes /sante/).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are short database reads and writes; PDFs of one convention render in
# the request in well under a second, batches run in Celery.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "sync"
# Past this a request is stuck: the worker is replaced, the client gets a 502 from the proxy.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# A stop (deploy, SIGTERM from systemd) lets requests in flight finish.
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows.
max_requests = 1000
max_requests_jitter = 100
# Only the proxy on this host may say which client and scheme a request came from.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The application is loaded in each worker, after the fork: no connection is shared.
preload_app = False
