from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo magazine (`load_demo`) and the generated archives the benchmark
    loads (`generate_content`): content only, in one place, for every app."""

    name = "demo"
    verbose_name = "Demo content"
