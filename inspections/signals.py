"""Signals other apps listen to, so inspections need not import them."""

from django.dispatch import Signal

# Sent after a reviewed document's events are stored, with `events` (list of Event).
events_published = Signal()
