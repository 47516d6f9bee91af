"""The anchor of bench/http.py: a bare Flask-SQLAlchemy paginated list over the same organisations
table, so the application's pages are compared with the least a Flask page can do on that data."""
import os

from flask import Flask, render_template_string, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Integer, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Organisation(db.Model):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    slug: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)


PAGE = """<!doctype html><title>Organisations</title><h1>Organisations ({{ page.total }})</h1>
<ul>{% for o in page.items %}<li><a href="/orgs/{{ o.slug }}">{{ o.name }}</a> {{ o.kind }}</li>{% endfor %}</ul>
<p>page {{ page.page }} of {{ page.pages }}</p>"""

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
db.init_app(app)


@app.route("/")
def index():
    page = db.paginate(select(Organisation).order_by(Organisation.name),
                       page=request.args.get("page", 1, type=int), per_page=20, error_out=False)
    return render_template_string(PAGE, page=page)
