"""The network pages' words in the current language, shared by the pages and the scheduler job
that draws the maps ahead of time (once per language)."""
from flask_babel import gettext as _

from ecosystem.models import vocab


def kind_labels() -> dict:
    """Node kinds in words; the order fixes each kind's colour on every map."""
    labels = {code: str(text) for code, text in vocab.ORG_KINDS.items()}
    labels.update({"mentor": _("Cố vấn"), "investor": _("Nhà đầu tư"), "person": _("Cá nhân")})
    return labels


def map_words() -> dict:
    """The map's own sentences in the reader's language ({…} are filled in by the map)."""
    return {"summary": _("Mạng lưới gồm {nodes} nút và {edges} liên kết sau bộ lọc."),
            "sampled": _("Hiển thị {shown} nút có nhiều liên kết nhất; {rest} nút còn lại được gộp thành "
                         "{clusters} cụm theo {by} ({folded})."),
            "others": _("{n} nút khác: {name}"), "ties": _("{n} liên kết"), "cluster": _("Cụm (gộp)"),
            "empty": _("Chưa có dữ liệu")}


def map_title() -> str:
    return _("Bản đồ mạng lưới đổi mới sáng tạo")
