"""Text extraction in a child process with its own memory and CPU limits.

A PDF's content stream can inflate a few hundred KB into gigabytes, which the PDF library holds in memory while it
reads the page: measured here, a 500 KB file with one 500 MB stream of zeros took a process to 1 GB and 10 s. A
limit on the whole worker (Celery's worker_max_memory_per_child) is only checked after a task ends, and an
RLIMIT_AS on the worker itself would bring the worker down mid-task, to be redelivered and fail again. So the
extraction alone runs in a forked child whose address space may grow by `memory_bytes` at most: a hostile file
exhausts the child's allowance (the library aborts, or Python raises MemoryError), and the parent, untouched, turns
that into a ParseError with the reason.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import json
import os
import resource
import signal
import traceback

from .errors import ParseError, ParseErrorCode
from .text import DocumentText, SourceFormat, extract_text

_PR_SET_PDEATHSIG = 1


class ExtractionCrashed(RuntimeError):
    """The child failed in a way that is neither a refusal nor a lack of memory (a bug): its traceback."""


def extract_text_within(
    data: bytes, *, filename: str = "", max_pages: int = 2000, memory_bytes: int, cpu_seconds: int
) -> DocumentText:
    """`extract_text`, with at most `memory_bytes` more memory and `cpu_seconds` of CPU; ParseError (TOO_LARGE)
    when the file needs more. Where processes cannot be forked it runs here, unbounded."""
    if not hasattr(os, "fork"):
        return extract_text(data, filename=filename, max_pages=max_pages)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _run_child(write_end, data, filename, max_pages, memory_bytes, cpu_seconds)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as answer:
            payload = answer.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:  # the task's own time limit, say: the child must not read on
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    result = json.loads(payload) if payload else {}
    if "format" in result:
        return DocumentText(SourceFormat(result["format"]), tuple(result["pages"]))
    if "error" in result:
        raise ParseError(ParseErrorCode(result["error"]), result["detail"])
    if "crash" in result:
        raise ExtractionCrashed(result["crash"])
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        raise ParseError(
            ParseErrorCode.TOO_LARGE,
            f"Reading the file took more than {cpu_seconds} seconds of work, far more than any report needs. "
            "It was not read.",
        )
    # Killed by the library's own abort when an allocation failed, or by MemoryError before it could answer.
    raise ParseError(ParseErrorCode.TOO_LARGE, _memory_refusal(memory_bytes))


def _memory_refusal(memory_bytes: int) -> str:
    return (
        f"Reading the file needed more than {memory_bytes // 1_048_576} MB of memory, far more than any report needs "
        "(a page may be built to unpack to gigabytes). It was not read."
    )


def _run_child(
    out: int, data: bytes, filename: str, max_pages: int, memory_bytes: int, cpu_seconds: int
) -> None:  # pragma: no cover - runs in the forked child, whose coverage is not collected
    code = 0
    try:
        faulthandler.disable()  # the library's abort on a failed allocation is the expected end, not a crash to dump
        _die_with_parent()
        _limit_memory(memory_bytes)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        try:
            text = extract_text(data, filename=filename, max_pages=max_pages)
            result = {"format": str(text.format), "pages": list(text.pages)}
        except ParseError as exc:
            result = {"error": str(exc.code), "detail": exc.detail}
        except MemoryError:
            result = {"error": str(ParseErrorCode.TOO_LARGE), "detail": _memory_refusal(memory_bytes)}
        except Exception:
            result = {"crash": traceback.format_exc()}
        with os.fdopen(out, "wb") as answer:
            answer.write(json.dumps(result).encode())
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _limit_memory(memory_bytes: int) -> None:
    """The child starts as a copy of the parent: its allowance is on top of what it already maps. Where the
    process's size cannot be read (no /proc), it is left unlimited."""
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return
    resource.setrlimit(resource.RLIMIT_AS, (mapped + memory_bytes, mapped + memory_bytes))


def _die_with_parent() -> None:
    """Linux: the child is killed if the task that started it is (a hard time limit), rather than reading on."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
