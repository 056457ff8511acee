from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Ceasefire timeline"

    def ready(self):
        from timeline import checks  # noqa: F401  (registers the system checks)
