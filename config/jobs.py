"""Tracked jobs: work done by the Celery worker whose state is kept on a database row, so a person can watch it,
nothing is lost when the task queue or a worker fails, and a failure says why. Reading an uploaded document
(inspections) and building a briefing file (improvement) are both tracked jobs: their models subclass `TrackedJob`
and say what their work is (`Lifecycle`); everything below is written once for both.

QUEUED → running (claimed by a worker) → done, or → FAILED with a code and a reason; running → QUEUED again when its
worker died (the sweep), or → FAILED after TRAJECTORY_PARSE_MAX_ATTEMPTS claims; FAILED → QUEUED when a person tries
again (`retry`, which each model allows from its own statuses). Running and done are each model's own statuses.

- `enqueue` sends the task once the row is committed. If the broker cannot be reached the row stays QUEUED with
  progress_code WAITING_FOR_QUEUE, and `sweep` sends it once the queue is back; `queue_sender` stops trying the
  queue for a whole batch once it has refused one row (each try waits for the broker's timeout).
- `run` is a task's body: `claim` (a conditional UPDATE, so two deliveries never both work), the work, and its
  outcome; an unexpected exception or the soft time limit ends FAILED with a reason, never stuck running.
- `sweep` (Celery beat, and the sweep commands) sends tasks never sent, and re-queues or fails rows left running
  by a worker that died. Each row moves by a conditional UPDATE on what the sweep read, so concurrent sweeps act
  once.

The task is found by its Celery name (`Lifecycle.task`), the name its message carries anyway: the code that queues
work need not import the task module, which imports that code.

This module imports no app: the layers run config ← authorities ← inspections ← improvement.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import Any, ClassVar

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import capfirst
from kombu.exceptions import OperationalError as BrokerError

from .celery import app

logger = logging.getLogger(__name__)

# The two statuses every tracked job shares; the running and done ones are each model's own (`Lifecycle`).
QUEUED = "queued"
FAILED = "failed"
# progress_code of a QUEUED row whose task the broker refused: the sweep sends it.
WAITING_FOR_QUEUE = "waiting_for_queue"
TRACEBACK_LIMIT = 5000  # characters of traceback kept for staff on an unexpected failure
SWEEP_BATCH = 500  # rows of each kind a sweep handles; the rest wait for the next one
# Options of every tracked job's task (`@shared_task(**TASK_OPTIONS)`): bound, so `run` learns the task's id, and
# retried when the database is briefly unavailable, which is worth another go.
TASK_OPTIONS: dict[str, Any] = {
    "bind": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": 5,
    "retry_jitter": True,
    "max_retries": 5,
}


@dataclass(frozen=True)
class Lifecycle:
    """What one kind of tracked job is: its own status values, its task, its steps."""

    running: str  # the status while a worker has it ("parsing")
    done: str  # the status its work ends in when it succeeds
    task: str  # the Celery task that does the work, by name; called with the row's pk
    steps: type[StrEnum]  # progress codes in order; the last one means finished
    work: str  # what the worker does, for the reasons a failure gives: "reading this file"
    requested_at: str  # the field holding when the row was made (a task never sent has no queued_at)


class TrackedJob(models.Model):
    """A row that follows one piece of background work. Each subclass declares `status` with its own choices
    (which hold QUEUED, FAILED and its lifecycle's running and done values) and `lifecycle`."""

    lifecycle: ClassVar[Lifecycle]
    status: str  # a CharField each subclass declares, with its own choices (the stored values are its own)
    # Django gives each concrete subclass its `objects`; declared for the type checker, which sees an abstract model
    # (of Any: the lookups name `status`, each subclass's own field).
    objects: ClassVar[models.Manager[Any]]

    queued_at = models.DateTimeField(null=True, blank=True, help_text="When its task was last sent.")
    # The delivery that claimed it: the same task delivered again after its worker was killed may claim it again.
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker has claimed it since a person last queued it."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress_step = models.PositiveSmallIntegerField(default=0)
    progress_of = models.PositiveSmallIntegerField(default=0)
    progress_code = models.CharField(max_length=32, blank=True)
    error_code = models.CharField(max_length=32, blank=True)
    error_detail = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_terminal(self) -> bool:
        """Nothing more will happen to it without a person (the status pages stop polling)."""
        return self.status not in {QUEUED, self.lifecycle.running}

    @property
    def waiting_for_queue(self) -> bool:
        return self.status == QUEUED and self.progress_code == WAITING_FOR_QUEUE

    @property
    def error_summary(self) -> str:
        """The reason without the traceback kept for staff."""
        return self.error_detail.split("\n\n", 1)[0]


def _name(job: TrackedJob) -> str:
    return f"{job._meta.verbose_name} {job.pk}"


def task_of(model: type[TrackedJob]) -> Task:
    """The Celery task doing `model`'s work, its module loaded (so registered) on first use."""
    import_module(model.lifecycle.task.rpartition(".")[0])
    return app.tasks[model.lifecycle.task]


def enqueue(job: TrackedJob) -> bool:
    """Send the task of a QUEUED row; call it once the row is committed. If the broker cannot be reached after a few
    quick tries (TRAJECTORY_ENQUEUE_RETRY), the row stays QUEUED, waiting for the queue, and this returns False."""
    model = type(job)
    model.objects.filter(pk=job.pk).update(queued_at=timezone.now())
    try:
        task_of(model).apply_async((job.pk,), retry=True, retry_policy=settings.TRAJECTORY_ENQUEUE_RETRY)
    except (BrokerError, OSError) as exc:  # OSError: the filesystem broker's folders, or a refused socket
        logger.warning("Could not queue %s; the sweep will send it later: %s", _name(job), exc)
        wait_for_queue(job)
        return False
    if model.objects.filter(pk=job.pk, progress_code=WAITING_FOR_QUEUE).update(progress_code=""):
        job.progress_code = ""
    return True


def wait_for_queue(job: TrackedJob) -> None:
    """Leave a QUEUED row for the sweep to send, without trying the task queue (known to be down)."""
    if type(job).objects.filter(pk=job.pk, status=QUEUED).update(progress_code=WAITING_FOR_QUEUE):
        job.progress_code = WAITING_FOR_QUEUE


def queue_sender() -> Callable[[TrackedJob], bool]:
    """`enqueue` for a batch: once the task queue refuses one row, the rest are only left waiting for the sweep,
    since each try waits for the broker's timeout and a batch of them would outlast the caller's own."""
    refused = False

    def send(job: TrackedJob) -> bool:
        nonlocal refused
        if refused:
            wait_for_queue(job)
            return False
        refused = not enqueue(job)
        return not refused

    return send


def claim(model: type[TrackedJob], pk: int, task_id: str | None = None) -> bool:
    """QUEUED → running, counting the attempt; False if another delivery got it first or it is not queued.

    The same task delivered again (acks_late: the worker that claimed it was killed before it finished) may claim
    its own running row once more.
    """
    steps = list(model.lifecycle.steps)
    fields = {
        "status": model.lifecycle.running,
        "claimed_at": timezone.now(),
        "finished_at": None,
        "task_id": task_id or "",
        "attempts": F("attempts") + 1,
        "progress_step": 0,
        "progress_of": len(steps) - 1,
        "progress_code": steps[0],
        "error_code": "",
        "error_detail": "",
    }
    if model.objects.filter(pk=pk, status=QUEUED).update(**fields):
        return True
    redelivered = model.objects.filter(pk=pk, status=model.lifecycle.running, task_id=task_id)
    return bool(task_id and redelivered.update(**fields))


def progress(job: TrackedJob, step: StrEnum) -> None:
    """Record which of its lifecycle's steps the worker has reached."""
    job.progress_step = list(job.lifecycle.steps).index(step)
    job.progress_code = step
    job.save(update_fields=["progress_step", "progress_code"])


def finish(job: TrackedJob) -> list[str]:
    """Mark a claimed job done (its last step, the time); the caller saves it with its results, in the fields
    returned and its own."""
    job.status = job.lifecycle.done
    job.progress_step = len(job.lifecycle.steps) - 1
    job.progress_code = list(job.lifecycle.steps)[-1]
    job.finished_at = timezone.now()
    return ["status", "progress_step", "progress_code", "finished_at"]


def fail[Job: TrackedJob](job: Job, code: str, detail: str, exc: BaseException | None = None) -> Job:
    """→ FAILED with a code and a reason; an unexpected failure (`exc`) keeps a truncated traceback for staff."""
    if exc is not None:
        logger.error("%s failed: %s", _name(job).capitalize(), code, exc_info=exc)
        detail = f"{detail}\n\n{''.join(traceback.format_exception(exc))[-TRACEBACK_LIMIT:]}"
    else:
        logger.info("%s refused: %s", _name(job).capitalize(), code)
    type(job).objects.filter(pk=job.pk).update(
        status=FAILED, error_code=code, error_detail=detail, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def worker_lost[Job: TrackedJob](job: Job, times: int) -> Job:
    """FAILED: the worker stopped (killed, out of memory, hard time limit) each time it took this job."""
    said = "once" if times == 1 else f"{times} times"
    return fail(job, "worker_lost", f"The worker stopped while {job.lifecycle.work} {said}.")


def retry(job: TrackedJob, allowed: Q, **fields: Any) -> bool:
    """Back to QUEUED with a fresh count of attempts, if the row is still in a state `allowed`; `fields` are set
    too. Conditional, so two clicks queue it once. The caller sends the task (`enqueue`) once committed."""
    changed = (
        type(job)
        .objects.filter(allowed, pk=job.pk)
        .update(
            status=QUEUED,
            task_id="",
            attempts=0,
            finished_at=None,
            progress_step=0,
            progress_code="",
            error_code="",
            error_detail="",
            **fields,
        )
    )
    if changed:
        job.refresh_from_db()
    return bool(changed)


def run[Job: TrackedJob](
    model: type[Job], pk: int, work: Callable[[Job], Job], task_id: str | None = None
) -> Job | None:
    """A task's body: claim row `pk`, do `work` on it and record the outcome. None if the row was not there to
    claim (another delivery has it, or it is not queued). `work` records its own expected failures (`fail`) and
    returns normally; anything it raises ends the row FAILED with a reason, except a database error, which puts
    the row back for the task's own retry."""
    if not claim(model, pk, task_id):
        logger.info("%s %s is not queued; nothing to do", str(model._meta.verbose_name).capitalize(), pk)
        return None
    job = model.objects.get(pk=pk)
    if job.attempts > settings.TRAJECTORY_PARSE_MAX_ATTEMPTS:
        # Redelivered after the worker died on it every time: likely this job kills the worker.
        return worker_lost(job, job.attempts - 1)
    what = model.lifecycle.work
    try:
        return work(job)
    except OperationalError:
        # Let the retry claim it again, without counting this as a worker lost.
        model.objects.filter(pk=pk).update(status=QUEUED, attempts=F("attempts") - 1)
        raise
    except SoftTimeLimitExceeded as exc:
        return fail(job, "timeout", f"{capfirst(what)} took longer than the time limit.", exc)
    except Exception as exc:  # a bug must not leave the row stuck running or crash-loop the worker
        return fail(job, "internal_error", f"Something went wrong while {what}.", exc)


def sweep(model: type[TrackedJob], now: dt.datetime | None = None) -> dict[str, int]:
    """Send again the tasks of rows QUEUED too long (the broker was down, or the message was lost), and re-queue
    (or, after TRAJECTORY_PARSE_MAX_ATTEMPTS claims, fail) rows running longer than the task's hard time limit."""
    now = now or timezone.now()
    lifecycle = model.lifecycle
    counts = {"resent": 0, "requeued": 0, "failed": 0}

    queued_before = now - dt.timedelta(seconds=settings.TRAJECTORY_SWEEP_QUEUED_AFTER)
    waiting = model.objects.filter(status=QUEUED).filter(
        Q(progress_code=WAITING_FOR_QUEUE)
        | Q(queued_at__lt=queued_before)
        | Q(queued_at__isnull=True, **{f"{lifecycle.requested_at}__lt": queued_before})
    )
    # Once the task queue refuses one task, this sweep tries it no more: what is left waits for the next sweep.
    send = queue_sender()
    for job in waiting.order_by("pk")[:SWEEP_BATCH]:
        # Whoever moves queued_at on first sends the task; a concurrent sweep finds nothing to update.
        if model.objects.filter(pk=job.pk, status=QUEUED, queued_at=job.queued_at).update(queued_at=now):
            if not send(job):
                break
            counts["resent"] += 1

    # A live task is killed at CELERY_TASK_TIME_LIMIT, so a claim older than that (plus a grace for clocks and
    # saving) belongs to a worker that is gone.
    claimed_before = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + settings.TRAJECTORY_SWEEP_GRACE)
    stale = model.objects.filter(status=lifecycle.running, claimed_at__lt=claimed_before)
    for job in stale.order_by("pk")[:SWEEP_BATCH]:
        still_stale = model.objects.filter(pk=job.pk, status=lifecycle.running, claimed_at=job.claimed_at)
        if job.attempts >= settings.TRAJECTORY_PARSE_MAX_ATTEMPTS:
            if still_stale.update(status=FAILED):
                worker_lost(job, job.attempts)
                counts["failed"] += 1
        elif still_stale.update(status=QUEUED, task_id="", progress_step=0, progress_code=""):
            logger.warning("%s was left running by a worker that stopped; queued again", _name(job).capitalize())
            send(job)
            counts["requeued"] += 1
    if any(counts.values()):
        logger.info("Stale %s sweep: %s", model._meta.verbose_name, counts)
    return counts
