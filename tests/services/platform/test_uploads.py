"""Uploads are judged by their bytes: real minimal files pass, disguised ones and oversize fail."""
import hashlib
import io
import struct
import zlib

import pytest
from hypothesis import given, strategies as st

from ecosystem.services.platform import uploads
from ecosystem.services.platform.uploads import UploadRejected, inspect_upload

MB10 = 10 * 1024 * 1024


def _png_1x1() -> bytes:
    """A valid 1×1 grey PNG built chunk by chunk (signature, IHDR, IDAT, IEND with CRCs)."""
    def chunk(kind, body):
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def _pdf_minimal() -> bytes:
    """A one-page PDF with a correct cross-reference table and trailer."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# The smallest JFIF JPEG (1×1, 125 bytes) and a 1×1 lossless WebP (34 bytes).
JPEG_1x1 = bytes.fromhex(
    "ffd8ffe000104a46494600010101004800480000ffdb004300030202020202030202020303030304060404"
    "040404080606050609080a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f"
    "101010ffc9000b080001000101011100ffcc000600101005ffda0008010100003f00d2cf20ffd9")
WEBP_1x1 = bytes.fromhex("524946461a000000574542505650384c0d0000002f00000010071011118888fe0700")
PNG_1x1 = _png_1x1()
PDF_MIN = _pdf_minimal()

ZIP_BYTES = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20 + b"PK\x05\x06" + b"\x00" * 18
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00"
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.4 %%EOF</body></html>"
SVG_BYTES = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
             b"<script>alert(1)</script></svg>")


@pytest.mark.parametrize("data, name, mime, ext", [
    (PDF_MIN, "Hồ sơ gọi vốn.pdf", "application/pdf", "pdf"),
    (PNG_1x1, "logo.png", "image/png", "png"),
    (JPEG_1x1, "anh.jpeg", "image/jpeg", "jpg"),
    (WEBP_1x1, "banner.webp", "image/webp", "webp"),
])
def test_real_minimal_files_are_accepted(data, name, mime, ext):
    info = inspect_upload(data, name, MB10)
    assert info.mime == mime
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.original_name == name
    assert info.storage_name.endswith("." + ext)
    assert name.rsplit(".", 1)[0] not in info.storage_name


@pytest.mark.parametrize("data", [HTML_BYTES, ZIP_BYTES, EXE_BYTES, SVG_BYTES, b"GIF89a\x01\x00",
                                  b"%PDF-1.4 truncated without an end marker"])
@pytest.mark.parametrize("name", ["report.pdf", "photo.png", "photo.jpg"])
def test_disguised_files_are_refused_whatever_their_name(data, name):
    with pytest.raises(UploadRejected) as err:
        inspect_upload(data, name, MB10)
    assert err.value.code == "upload.type_not_allowed"


def test_allowed_kinds_narrow_the_choice():
    with pytest.raises(UploadRejected) as err:
        inspect_upload(PNG_1x1, "scan.png", MB10, allowed={uploads.PDF})
    assert err.value.params == {"detected": "image/png"}
    assert inspect_upload(PDF_MIN, "scan.pdf", MB10, allowed={uploads.PDF}).mime == uploads.PDF


def test_size_limit_is_inclusive_and_empty_is_refused():
    assert inspect_upload(PNG_1x1, "a.png", len(PNG_1x1)).size == len(PNG_1x1)
    with pytest.raises(UploadRejected) as err:
        inspect_upload(PNG_1x1, "a.png", len(PNG_1x1) - 1)
    assert err.value.code == "upload.too_large"
    with pytest.raises(UploadRejected) as err:
        inspect_upload(b"", "a.pdf", MB10)
    assert err.value.code == "upload.empty"


def test_a_pdf_over_ten_megabytes_is_refused():
    big = PDF_MIN[:-7] + b" " * MB10 + b"%%EOF\n"
    with pytest.raises(UploadRejected) as err:
        inspect_upload(big, "big.pdf", MB10)
    assert err.value.code == "upload.too_large"


def test_read_limited_stops_one_byte_past_the_limit():
    class Counting(io.BytesIO):
        requested = None

        def read(self, n=-1):
            Counting.requested = n
            return super().read(n)

    assert uploads.read_limited(io.BytesIO(b"abc"), 3) == b"abc"
    with pytest.raises(UploadRejected):
        uploads.read_limited(Counting(b"x" * 1000), 10)
    assert Counting.requested == 11


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
    ("/var/www/static/x.pdf", "x.pdf"),
    ("..", "file"),
    ("", "file"),
    (None, "file"),
    ("a\x00b\r\n.pdf", "ab.pdf"),
    ('bad<>:"|?*;name.pdf', "bad________name.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),
    ("Ke\u0302\u0301 hoa\u0323ch.pdf", "Kế hoạch.pdf"),  # NFD in, NFC out
])
def test_sanitise_filename(name, expected):
    assert uploads.sanitise_filename(name) == expected


def test_long_names_keep_their_extension():
    name = uploads.sanitise_filename("á" * 400 + ".pdf")
    assert len(name) == 150 and name.endswith(".pdf")


@given(st.text(max_size=300))
def test_sanitised_names_never_carry_a_path(name):
    clean = uploads.sanitise_filename(name)
    assert clean and len(clean) <= 150
    assert "/" not in clean and "\\" not in clean and "\x00" not in clean
    assert clean not in {".", ".."}


def test_storage_names_are_random_and_never_the_user_name():
    names = {inspect_upload(PNG_1x1, "../../evil.png", MB10).storage_name for _ in range(50)}
    assert len(names) == 50
    for name in names:
        assert "evil" not in name and ".." not in name
        prefix, file_name = name.split("/")
        assert file_name.startswith(prefix) and len(file_name) == len("0" * 32 + ".png")


def test_write_upload_stores_under_root_and_never_overwrites(tmp_path):
    info = inspect_upload(PDF_MIN, "../../../../tmp/pwned.pdf", MB10)
    path = uploads.write_upload(tmp_path, info, PDF_MIN)
    assert path.read_bytes() == PDF_MIN
    assert tmp_path.resolve() in path.parents
    assert path.name == info.storage_name.split("/")[1]
    assert path.stat().st_mode & 0o777 == 0o640
    with pytest.raises(FileExistsError):
        uploads.write_upload(tmp_path, info, PDF_MIN)
    with pytest.raises(ValueError):
        uploads.write_upload(tmp_path, info, PDF_MIN + b"x")


@pytest.mark.parametrize("bad", ["../x/" + "0" * 32 + ".pdf", "ab/../../etc/passwd", "/etc/passwd",
                                 "ab/" + "0" * 32 + ".exe", "ab/AB" + "0" * 30 + ".pdf", ""])
def test_storage_path_refuses_names_we_did_not_make(tmp_path, bad):
    with pytest.raises(ValueError):
        uploads.storage_path(tmp_path, bad)


def test_storage_root_must_not_overlap_static(tmp_path):
    static = tmp_path / "static"
    assert uploads.check_storage_root(tmp_path / "instance" / "uploads", [static]) == (
        tmp_path / "instance" / "uploads").resolve()
    for bad in (static, static / "uploads", tmp_path):
        with pytest.raises(ValueError):
            uploads.check_storage_root(bad, [static])
