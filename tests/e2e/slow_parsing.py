"""Imported into a test's worker (`celery worker --include tests.e2e.slow_parsing`): holds each claimed document in
PARSING for SLOW_PARSING_SECONDS before it is read, so a fault test can kill the worker mid-parse at a known step.
The application has no such hook; only a worker a test starts this way waits."""

from __future__ import annotations

import functools
import logging
import os
import time

from inspections import tasks

logger = logging.getLogger(__name__)
DELAY = float(os.environ.get("SLOW_PARSING_SECONDS") or 0)


def _held(parse_stored):  # type: ignore[no-untyped-def]
    @functools.wraps(parse_stored)
    def parse_after_a_wait(document):  # type: ignore[no-untyped-def]
        logger.warning("Test worker: holding document %s in PARSING for %.0f s", document.pk, DELAY)
        time.sleep(DELAY)
        return parse_stored(document)

    return parse_after_a_wait


if DELAY > 0:
    tasks.parse_stored = _held(tasks.parse_stored)
