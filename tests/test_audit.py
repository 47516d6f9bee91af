"""`make audit`: a known vulnerability fails unless audit-exceptions.txt excuses it with a reason
and a date (pip-audit's answers are faked here; the real run is the Makefile's)."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("audit_script", ROOT / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

VULNERABLE = {"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": [
    {"id": "GHSA-test-0001", "fix_versions": ["3.1.4"], "aliases": []}]}], "fixes": []}


def test_the_shipped_exception_list_is_well_formed():
    """A malformed line would stop `make test` before any test runs: catch it here first."""
    assert all(vuln.strip() for vuln in audit.read_exceptions())


def test_an_exception_needs_a_reason_and_a_date(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("# comment\n--ignore-vuln GHSA-test-0001  # unreachable code path, 2026-12-04\n")
    assert audit.read_exceptions(good) == ["GHSA-test-0001"]
    for line in ("--ignore-vuln GHSA-test-0001", "--ignore-vuln GHSA-test-0001  # no date",
                 "--ignore-vuln GHSA-test-0001  # reason, 4 Dec"):
        bad = tmp_path / "bad.txt"
        bad.write_text(line + "\n")
        with pytest.raises(SystemExit, match="reason, YYYY-MM-DD"):
            audit.read_exceptions(bad)


def test_a_known_vulnerability_fails_and_an_excused_one_passes(monkeypatch, tmp_path):
    monkeypatch.setattr(audit, "run_pip_audit", lambda ignored: (
        (0, {"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []}], "fixes": []})
        if "GHSA-test-0001" in ignored else (1, VULNERABLE)))
    monkeypatch.setattr(audit, "EXCEPTIONS", tmp_path / "none.txt")
    assert audit.main() == 1
    listed = tmp_path / "listed.txt"
    listed.write_text("--ignore-vuln GHSA-test-0001  # fix not released for our Python, 2026-12-04\n")
    monkeypatch.setattr(audit, "EXCEPTIONS", listed)
    assert audit.main() == 0


def test_an_unaudited_pin_fails_only_when_strict(monkeypatch, tmp_path):
    skipped = {"dependencies": [{"name": "numpy", "skip_reason": "Dependency not found on PyPI "
                                 "and could not be audited: numpy (2.4.6)"}], "fixes": []}
    monkeypatch.setattr(audit, "run_pip_audit", lambda ignored: (0, skipped))
    monkeypatch.setattr(audit, "latest_release_vulns", lambda name, version, ignored: None)
    monkeypatch.setattr(audit, "EXCEPTIONS", tmp_path / "none.txt")
    assert audit.main() == 0
    monkeypatch.setenv("AUDIT_STRICT", "1")
    assert audit.main() == 1
    monkeypatch.setattr(audit, "latest_release_vulns", lambda name, version, ignored: ["PYSEC-1"])
    monkeypatch.delenv("AUDIT_STRICT")
    assert audit.main() == 1  # the latest-release answer counts like pip-audit's own
