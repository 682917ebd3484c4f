from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Konton och behörighet"

    def ready(self):
        from .setup import ensure_role_groups

        # Without a sender: other apps' permissions exist only after their own post_migrate.
        post_migrate.connect(ensure_role_groups, dispatch_uid="finsam_role_groups")
