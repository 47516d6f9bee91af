"""The ecosystem CRM: create_app reads as the table of contents of the application."""
from flask import Flask

from ecosystem.config import Config


def create_app(config: type | dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, errors, commands."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    Config.check(app.config)

    from ecosystem import setup
    setup.register_logging(app)
    setup.register_proxy(app)
    setup.register_database(app)
    setup.register_upload_limit(app)
    setup.register_extensions(app)
    setup.register_i18n(app)
    setup.register_template_helpers(app)
    setup.register_hardening(app)
    setup.register_api(app)
    setup.register_blueprints(app)
    setup.register_errorhandlers(app)
    setup.register_commands(app)
    return app
