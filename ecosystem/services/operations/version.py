"""The application's version and the schema revision the code expects, written into every backup
so a restore can refuse an archive made for another schema."""
from pathlib import Path

APP_VERSION = "2026.12"
MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"


def code_schema_revision() -> str:
    """The migration head(s) of this code base ("a,b" when branches are not merged yet)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ",".join(sorted(ScriptDirectory.from_config(config).get_heads()))
