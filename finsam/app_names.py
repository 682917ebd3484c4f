"""Swedish names for the admin's sections of the libraries' apps (the admin is Swedish throughout).
Only the names change: labels, models and migrations stay the libraries' own."""

from auditlog.apps import AuditlogConfig
from axes.apps import AppConfig as AxesAppConfig
from django_celery_beat.apps import BeatConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class ChangeLogConfig(AuditlogConfig):
    verbose_name = "Ändringslogg (alla ändringar)"


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = "Inloggningsförsök och spärrar"


class SecondFactorConfig(TOTPConfig):
    verbose_name = "Tvåstegsverifiering"


class ScheduleConfig(BeatConfig):
    verbose_name = "Schemalagda jobb"
