from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InspectionsConfig(AppConfig):
    name = "inspections"

    def ready(self) -> None:
        from config.content_version import watch
        from config.roles import ensure_roles

        from .models import PUBLIC_STATUSES

        post_migrate.connect(ensure_roles, dispatch_uid="trajectory_ensure_roles")
        statuses = ", ".join(f"'{status}'" for status in PUBLIC_STATUSES)
        public_document = f"({{row}}.status IN ({statuses}) OR {{row}}.published_at IS NOT NULL)"
        watch(
            self.label,
            # The sync's runs: only on the New from Ofsted page, for signed-in roles.
            unwatched={"inspections_ofstedsync"},
            # A document is public only once published (`Document.is_public`, in SQL): a file being read, its progress
            # updated every step, leaves kept pages alone.
            public_when={"inspections_document": public_document},
        )
