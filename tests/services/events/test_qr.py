"""Check-in codes: random, typeable, forgiving of how people type them; and their QR images."""
import xml.etree.ElementTree as ET

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st

from ecosystem.services.events.qr import (
    ALPHABET,
    CODE_LENGTH,
    format_checkin_code,
    new_checkin_code,
    normalise_checkin_code,
    qr_svg,
)



def test_new_codes_have_the_length_and_alphabet_and_do_not_repeat():
    codes = [new_checkin_code() for _ in range(5000)]
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert len(set(codes)) == len(codes)
    assert not set("ILOU") & set(ALPHABET)


def test_codes_use_the_whole_alphabet():
    seen = set("".join(new_checkin_code() for _ in range(500)))
    assert seen == set(ALPHABET)


def test_too_short_codes_are_refused():
    with pytest.raises(ValueError):
        new_checkin_code(6)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7K3QD-M9XTA", "7K3QDM9XTA"),
        ("  7k3qd m9xta ", "7K3QDM9XTA"),
        ("7k3-qd-m9x-ta", "7K3QDM9XTA"),
        ("oiL23-45678", "01123" + "45678"),
        ("７Ｋ３ＱＤ－Ｍ９ＸＴＡ", "7K3QDM9XTA"),  # full-width, as some phone keyboards type
        ("https://ecosystem.example/checkin/7K3QDM9XTA", "7K3QDM9XTA"),
        ("7K3QD-M9XT", None),
        ("7K3QD-M9XTAB", None),
        ("7K3QD-M9XT!", None),
        ("7K3QD-M9XTU", None),
        ("", None),
        (None, None),
    ],
)
def test_normalising_typed_codes(typed, expected):
    assert normalise_checkin_code(typed) == expected


@given(st.text(ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH))
def test_display_form_in_any_case_normalises_back(code):
    assert normalise_checkin_code(format_checkin_code(code).lower()) == code
    assert normalise_checkin_code(format_checkin_code(code, group=3)) == code


def svg_root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_qr_svg_is_accessible_scalable_markup():
    svg = qr_svg("https://ecosystem.example/checkin/7K3QDM9XTA", title="Mã check-in <Đêm gọi vốn> & bạn")
    root = svg_root(svg)
    assert root.tag == "svg"  # inline in HTML: no namespace needed
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Mã check-in <Đêm gọi vốn> & bạn"
    assert root.find("title").text == "Mã check-in <Đêm gọi vốn> & bạn"
    assert root.get("viewBox") and root.get("width") is None, "sizes come from CSS, not the markup"


def test_qr_svg_draws_a_full_qr_code_never_micro():
    """Short data would fit a Micro QR, which most phone cameras do not read."""
    svg_root_el = svg_root(qr_svg("7K3QDM9XTA", scale=1))
    expected = segno.make_qr("7K3QDM9XTA", error="m")
    assert not expected.is_micro
    size = int(svg_root_el.get("viewBox").split()[2])
    assert size == expected.symbol_size(scale=1)[0] == 21 + 2 * 4


def test_qr_svg_changes_with_the_data_and_refuses_nothing_to_encode():
    assert qr_svg("AAAAAAAAAA") != qr_svg("BBBBBBBBBB")
    with pytest.raises(ValueError):
        qr_svg("")
