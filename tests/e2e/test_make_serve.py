"""`make serve`, the end of `make run`, in a terminal: the sign-in details come last, and Ctrl-C stops cleanly."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model

from tests.e2e.conftest import ROOT, _database_url, free_port

pytestmark = [pytest.mark.slow, pytest.mark.worker]


def _read_until(fd: int, pid: int, wanted: bytes, timeout: float, output: bytearray) -> None:
    deadline = time.monotonic() + timeout
    while wanted not in output and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                output.extend(os.read(fd, 65536))
            except OSError:  # the terminal closed: everything in it has ended
                return
        elif os.waitpid(pid, os.WNOHANG) != (0, 0):
            return


def _wait(pid: int, timeout: float, output: bytearray) -> int:
    """make's exit status, failing (rather than hanging the suite) if it has not ended within the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ended, status = os.waitpid(pid, os.WNOHANG)
        if ended:
            return status
        time.sleep(0.2)
    pytest.fail(f"make serve had not stopped {timeout:.0f} s after Ctrl-C:\n{output.decode(errors='replace')}")


# The child only execs make, so the live server's threads in this process cannot deadlock it.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_make_serve_prints_the_sign_in_details_last_and_stops_on_ctrl_c(
    transactional_db: None, tmp_path: Path, settings: Any
) -> None:
    port = free_port()
    unset = {"MAKEFLAGS", "MFLAGS", "TRAJECTORY_ADMIN_USERNAME", "TRAJECTORY_ADMIN_PASSWORD"}
    env = {k: v for k, v in os.environ.items() if k not in unset} | {
        "DATABASE_URL": _database_url(),
        "TRAJECTORY_VAR_DIR": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_BROKER_URL": "filesystem://",
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child: make in a terminal of its own, as a person would run it
        # A terminal's Ctrl-C interrupts: undo the ignored SIGINT a shell gives a job it runs in the background (as
        # .ci/run runs the PostgreSQL suite), which every process would inherit and runserver would then never stop.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)
        os.chdir(ROOT)
        os.execvpe("make", ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}"], env)
    output = bytearray()
    try:
        _read_until(fd, pid, b"It is shown only now", 90, output)
        worker_log = tmp_path / "worker.log"
        deadline = time.monotonic() + 60
        while b"ready." not in (worker_log.read_bytes() if worker_log.exists() else b""):
            assert time.monotonic() < deadline, worker_log.read_text() if worker_log.exists() else "no worker log"
            time.sleep(0.5)
        os.write(fd, b"\x03")  # Ctrl-C, as the terminal sends it
        _read_until(fd, pid, b"\0never", 30, output)
        status = _wait(pid, 60, output)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.close(fd)
    text = output.decode(errors="replace").replace("\r", "")
    before_ctrl_c = text[: text.index("It is shown only now")]
    # The worker's banner and log go to the log file, not over the sign-in details.
    assert "celery@" not in text
    assert "[tasks]" not in text
    assert f"Trajectory is at http://127.0.0.1:{port}/" in before_ctrl_c
    assert before_ctrl_c.index("Starting development server") < before_ctrl_c.index("one-time password")
    password = text.split("one-time password: ", 1)[1].split()[0]
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the server hashed it as configured, not as tests do
    assert get_user_model().objects.get(username="admin").check_password(password)
    # A normal stop: no errors in the terminal or the worker's log, and make does not report a failure.
    log = (tmp_path / "worker.log").read_text()
    assert "ERROR" not in text, text
    assert "ERROR" not in log, log
    assert "Warm shutdown" in log
    assert "make: ***" not in text
    assert "Done" not in text  # no job-control notices from the recipe's shell
    assert os.waitstatus_to_exitcode(status) == 0, text
