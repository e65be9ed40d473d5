from django.apps import AppConfig
from django.core.checks import Tags, register
from django.db.models.signals import post_migrate


class SiteConfig(AppConfig):
    """The project's own settings package, as an app for what belongs to the whole site: the content version
    that the page cache is keyed on (config/content_version.py)."""

    name = "config"
    label = "config"
    verbose_name = "Site"

    def ready(self) -> None:
        from .content_version import check_triggers, install_triggers
        from .page_cache import code_fingerprint

        # After every `migrate`: a table that SQLite rebuilt to alter it has lost its triggers, and a new model's
        # table has none yet.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="config.content_version.install_triggers")
        register(check_triggers, Tags.database)
        code_fingerprint()  # now, from the code this process runs, not later from files a deploy may have replaced
