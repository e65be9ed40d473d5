"""The national record as data to download: the latest grades and the full history, as CSV or Excel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from config.http import HtmxHttpRequest

from . import data_export


@require_GET
def data_downloads(request: HtmxHttpRequest) -> HttpResponse:
    context = {"latest_columns": data_export.LATEST_COLUMNS, "history_columns": data_export.HISTORY_COLUMNS}
    return render(request, "inspections/data_downloads.html", context)


def _dated(name: str, extension: str) -> str:
    return f"trajectory-{name}-{timezone.localdate().isoformat()}.{extension}"


def _csv(
    name: str, columns: tuple[data_export.Column, ...], rows: Iterable[Sequence[data_export.Value]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(data_export.csv_lines(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_dated(name, "csv")}"'
    return response


def _xlsx(
    name: str, columns: tuple[data_export.Column, ...], rows: Iterable[Sequence[data_export.Value]], title: str
) -> HttpResponse:
    response = HttpResponse(
        data_export.xlsx_bytes(columns, rows, title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_dated(name, "xlsx")}"'
    return response


@require_GET
def latest_csv(request: HtmxHttpRequest) -> StreamingHttpResponse:
    return _csv("latest", data_export.LATEST_COLUMNS, data_export.latest_rows())


@require_GET
def latest_xlsx(request: HtmxHttpRequest) -> HttpResponse:
    return _xlsx("latest", data_export.LATEST_COLUMNS, data_export.latest_rows(), "Latest grades")


@require_GET
def history_csv(request: HtmxHttpRequest) -> StreamingHttpResponse:
    return _csv("history", data_export.HISTORY_COLUMNS, data_export.history_rows())


@require_GET
def history_xlsx(request: HtmxHttpRequest) -> HttpResponse:
    return _xlsx("history", data_export.HISTORY_COLUMNS, data_export.history_rows(), "History")
