from django.apps import AppConfig


class TertialsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'tertials'
    verbose_name = "Tertialrapporter"
