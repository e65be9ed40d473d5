"""Gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py` (issue #6).

Threaded workers, a process per core: every value can be changed from the environment.
"""

from __future__ import annotations

import multiprocessing

from config.env import env_int, env_str

wsgi_app = "config.wsgi:application"
bind = env_str("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Pages spend most of their time in Python (templates, ORM), not waiting: one process per core with two threads
# each measured best under `make loadtest` on 2 cores (p95 350 ms, against 500 ms with gunicorn's usual
# 2 × cores + 1 processes of 4 threads). WEB_CONCURRENCY is the usual override.
workers = env_int("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count()))
worker_class = "gthread"
threads = env_int("GUNICORN_THREADS", 2)
# Load Django once before forking: faster start, shared memory; no connection is open at import time.
preload_app = True

# A worker silent for this long is killed and replaced; uploads are read by the thread, not the heartbeat.
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so slow memory growth (PDF libraries, caches) cannot build up.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# Access logs cost time under load and usually duplicate the proxy's: off unless GUNICORN_ACCESS_LOG is set
# ("-" for standard output). Errors always go to standard error.
accesslog = env_str("GUNICORN_ACCESS_LOG", "") or None
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
# Trust X-Forwarded-* only from a proxy on this machine.
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
