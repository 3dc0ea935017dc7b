from django.apps import AppConfig


class MakersConfig(AppConfig):
    name = "makers"
    verbose_name = "Makers and workshops"

    def ready(self):
        from makers import consent  # noqa: F401  connects the consent take-down receiver
