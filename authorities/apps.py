from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"

    def ready(self) -> None:
        from config.content_version import watch

        # Who follows which authority: only that person sees it.
        watch(self.label, unwatched={"authorities_follow"})
