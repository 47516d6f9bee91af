"""The ward list since 1/7/2025: 168 units, 36 of the former Bình Dương; typed names find their unit."""
from collections import Counter

import pytest

from ecosystem.services.directory.wards import find_ward, suggest_wards, ward_document, ward_units


def test_the_official_shape_of_the_city():
    units = ward_units()
    assert Counter(u.kind for u in units) == {"ward": 113, "commune": 54, "special_zone": 1}
    assert sum(u.former_province == "Bình Dương" for u in units) == 36
    assert len({(u.kind, u.name) for u in units}) == 168
    assert ward_document()["legal_basis"]["code"] and ward_document()["effective_from"] == "2025-07-01"


@pytest.mark.parametrize("typed, label, district", [
    ("Phường Thủ Dầu Một", "Phường Thủ Dầu Một", "Thủ Dầu Một"),
    ("thu dau mot", "Phường Thủ Dầu Một", "Thủ Dầu Một"),
    ("P. Chánh Hiệp", "Phường Chánh Hiệp", "Thủ Dầu Một"),
    ("xa bau bang", "Xã Bàu Bàng", "Bàu Bàng"),
    ("  Dĩ An ", "Phường Dĩ An", "Dĩ An"),
    ("Côn Đảo", "Đặc khu Côn Đảo", "Côn Đảo"),
])
def test_typed_names_find_their_unit_and_district(typed, label, district):
    unit = find_ward(typed)
    assert unit is not None and unit.label == label and unit.former_district == district


def test_unknown_wrong_kind_and_ambiguous_names_find_nothing():
    assert find_ward("Phường Hiệp Thành") is None  # a ward of Thủ Dầu Một before the 2025 merger
    assert find_ward("Xã Thủ Dầu Một") is None  # it is a ward, not a commune
    # Thạnh An (Cần Giờ) and Thanh An (Dầu Tiếng) fold alike: the accents typed decide.
    assert find_ward("Xã Thạnh An").former_district == "Cần Giờ"
    assert find_ward("thanh an").former_district == "Dầu Tiếng"
    assert find_ward("") is None and find_ward(None) is None


def test_suggestions_put_prefix_matches_first():
    names = [u.name for u in suggest_wards("tan u")]
    assert names[0] == "Tân Uyên" and "Bắc Tân Uyên" in names
