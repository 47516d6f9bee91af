"""Domain policy modules; each registers its actions with permissions.policy on import."""
import importlib
import pkgutil


def load_all() -> None:
    """Import every module here so their @policy registrations exist before routes are marked."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
