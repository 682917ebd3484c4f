from django.apps import AppConfig


class FinsamConfig(AppConfig):
    name = "finsam"
    verbose_name = "FINSAM"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
