"""The unbound extensions: created here, bound to an app in create_app, imported everywhere else."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
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
api = Api()  # the OpenAPI document of /api/v1, built from the schemas the API validates with
limiter = Limiter(key_func=get_remote_address)  # the client's address once ProxyFix has run
