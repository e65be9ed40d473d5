from typing import Any

from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "improvement"

    def ready(self) -> None:
        from config.content_version import watch
        from inspections.signals import events_published

        watch(
            self.label,
            unwatched={
                "improvement_briefingexport",  # a briefing build's progress: only its requester sees it
                # Improvement plans, their actions and progress: only for signed-in people with a role.
                "improvement_improvementplan",
                "improvement_historicalimprovementplan",
                "improvement_action",
                "improvement_historicalaction",
                "improvement_progressupdate",
                "improvement_historicalprogressupdate",
            },
        )

        events_published.connect(_tag_published_events, dispatch_uid="improvement_tag_published_events")


def _tag_published_events(sender: Any, events: list[Any], **kwargs: Any) -> None:
    """Tag the practice themes of every newly published event's recommendations and findings."""
    from .services import tag_event

    for event in events:
        tag_event(event)
