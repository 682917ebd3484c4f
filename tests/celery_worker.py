"""A real Celery worker for the tests that must not stop at eager mode (CI's PostgreSQL + Redis pass).

The worker is a subprocess on its own queue, pointed at pytest's test database; tests using
it commit their data (`django_db(transaction=True)`) so the worker sees it. Under pytest-xdist
(make test and CI run -n 2) the workers share one broker but never each other's tasks: every
test's queue has a name of its own, and each xdist worker's Celery worker is pointed at that
xdist worker's own test database (test_…_gw0, test_…_gw1)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
WAIT_SECONDS = 90


def worker_database_url() -> str:
    """A DATABASE_URL for the database this test runs against (pytest's test database)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or "127.0.0.1"
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{quote(db['NAME'], safe='')}"
    name = str(db["NAME"])
    if connection.vendor != "sqlite" or connection.is_in_memory_db() or "memory" in name:
        pytest.skip(f"the worker cannot share a {connection.vendor} in-memory test database: run with PostgreSQL")
    return f"sqlite:///{name}"


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path
    queue: str

    def wait_for(self, condition, what: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                tail = self.log.read_text()[-3000:]
                pytest.fail(f"the Celery worker stopped (exit {self.process.returncode}) before {what}:\n{tail}")
            time.sleep(0.3)
        pytest.fail(f"no {what} within {WAIT_SECONDS} s; worker log:\n{self.log.read_text()[-3000:]}")


@contextlib.contextmanager
def celery_worker(tmp_path: Path, name: str, **env):
    """Start a solo worker on a queue of its own; stop it and remove the queue afterwards."""
    if not settings.CELERY_BROKER_URL:
        pytest.skip("CELERY_BROKER_URL is not set: the real-worker tests run in CI's PostgreSQL + Redis pass "
                    "(set CELERY_BROKER_URL=redis://127.0.0.1:6379/N and DATABASE_URL=postgres://… to run them)")
    queue = f"{name}-test-{uuid.uuid4().hex[:10]}"
    log = tmp_path / f"{name}-worker.log"
    environment = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **env,
    }
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "finsam", "worker", "--pool=solo", "-c", "1", "-Q", queue, "-n", f"{queue}@%h",
               "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield Worker(process, log, queue)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if settings.CELERY_BROKER_URL.startswith("redis"):  # leave nothing of the test queue behind
            import redis

            redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )
