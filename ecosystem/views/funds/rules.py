"""Officers read the fund rule sets and their sources; an admin installs a later one without a release."""
import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.funds import RuleSetUploadForm
from ecosystem.models.funds import USAGE_CATEGORY_LABELS
from ecosystem.permissions import guard
from ecosystem.services.funds.rule_book import forget_rule_book, install_rule_set, installed_records, rule_book
from ecosystem.services.funds.rule_sets import FIGURES, RuleSetError
from ecosystem.views.funds.enterprise import fund_vocab

bp = Blueprint("fund_rules", __name__, url_prefix="/funds/rules")
bp.context_processor(fund_vocab)
MAX_BYTES = 1_000_000


@bp.route("/")
@guard("fund.rules.view")
def index():
    book = rule_book()
    installed = {record.code: record for record in installed_records()}
    items = [{"rule_set": rs, "spans": book.governs(rs.code), "replaced_by": book.replaced_by(rs.code),
              "installed": installed.get(rs.code)} for rs in book.rule_sets]
    return render_template("funds/rules.html", items=items, figures=FIGURES, uses=USAGE_CATEGORY_LABELS,
                           form=RuleSetUploadForm())


@bp.route("/<code>.json")
@guard("fund.rules.view")
def document(code: str):
    """The rule set as JSON: the starting point of a replacing or later one."""
    rule_set = rule_book().get(code)
    if rule_set is None:
        abort(404)
    return Response(json.dumps(rule_set.raw, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{rule_set.code}.json"'})


@bp.route("/install", methods=["POST"])
@guard("fund.rules.install")
def install():
    form = RuleSetUploadForm()
    if not form.validate_on_submit():
        for message in form.upload.errors or [_("Không gửi được biểu mẫu. Vui lòng thử lại.")]:
            flash(str(message), "error")
        return redirect(url_for("fund_rules.index"))
    try:
        data = json.loads(form.upload.data.read(MAX_BYTES).decode("utf-8"))
        record = install_rule_set(data, current_user)
    except (ValueError, UnicodeDecodeError) as error:
        db.session.rollback()
        forget_rule_book()
        problems = str(error) if isinstance(error, RuleSetError) else _("Tệp không phải JSON hợp lệ.")
        flash(_("Không nạp được bộ quy tắc: %(problems)s", problems=problems), "error")
    else:
        db.session.commit()
        flash(_("Đã nạp bộ quy tắc %(code)s.", code=record.code), "success")
    return redirect(url_for("fund_rules.index"))
