"""The unbound extensions: created here, bound to an app in create_app, imported everywhere else."""
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from ecosystem.hardening.headers import BrowserPolicies
from ecosystem.models.base import Base

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()
babel = Babel()
talisman = BrowserPolicies()
