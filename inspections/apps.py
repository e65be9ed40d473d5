from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InspectionsConfig(AppConfig):
    name = "inspections"

    def ready(self) -> None:
        from config.roles import ensure_roles

        post_migrate.connect(ensure_roles, dispatch_uid="trajectory_ensure_roles")
