from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Ceasefire timeline"

    def ready(self):
        from timeline import caching, checks  # noqa: F401  (checks registers the system checks)

        caching.connect_signals(self)
