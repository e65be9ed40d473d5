"""Form fields shaped as GOV.UK components, rendered by ``{% govuk_field %}`` (config/govuk.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms


class DatePartsWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input), never the browser's date picker, which shows
    month-first in some browsers."""

    def __init__(self) -> None:
        super().__init__(widgets=[forms.TextInput, forms.TextInput, forms.TextInput])

    def decompress(self, value: dt.date | str | None) -> list[int | None]:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value) if value else None
        return [value.day, value.month, value.year] if value else [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A GOV.UK date input: day, month and year, all three or (when not required) none."""

    widget = DatePartsWidget

    def __init__(self, *, required: bool = False, **kwargs: Any) -> None:
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1900, max_value=2100),
        )
        super().__init__(fields=fields, require_all_fields=False, required=False, **kwargs)
        self.date_required = required

    def clean(self, value: Any) -> dt.date | None:
        # MultiValueField's own clean reports each box's error separately ("Enter a whole number"); one message
        # for the date reads better, in GOV.UK's wording.
        parts = [str(v).strip() if v is not None else "" for v in (value or [])]
        parts += [""] * (3 - len(parts))
        label = (self.label or "date").lower().removesuffix(" (optional)")
        if not any(parts):
            if self.date_required:
                raise forms.ValidationError(f"Enter the {label}", code="required")
            return None
        if not all(parts):
            raise forms.ValidationError(f"The {label} must include a day, month and year", code="incomplete")
        try:
            day, month, year = (int(p) for p in parts)
            if not 1900 <= year <= 2100:
                raise ValueError(year)
            return dt.date(year, month, day)
        except ValueError as exc:
            raise forms.ValidationError(f"The {label} must be a real date", code="invalid") from exc

    def compress(self, data_list: list[Any]) -> dt.date | None:  # pragma: no cover - clean() does the work
        return None

    def has_changed(self, initial: Any, data: Any) -> bool:
        return True
