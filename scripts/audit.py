"""`make audit`: pip-audit over the pinned requirements; fails on a known vulnerability unless
audit-exceptions.txt lists it with a reason and a date.

pip-audit asks PyPI about each pinned version. Where that per-version answer is missing (some
mirrors serve only the project-level JSON), the pin is checked against the project's latest
release instead when the two are the same version; a pin that can be checked neither way is
listed as unaudited, and fails the run under AUDIT_STRICT=1.
"""
import json
import os
import re
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCEPTIONS = ROOT / "audit-exceptions.txt"
REQUIREMENTS = ROOT / "requirements-dev.txt"
LINE = re.compile(r"^--ignore-vuln\s+(\S+)\s+#\s*(\S.*?),\s*(\d{4}-\d{2}-\d{2})\s*$")
SKIPPED_VERSION = re.compile(r"\(([^()]+)\)\s*$")


def read_exceptions(path: Path | None = None) -> list[str]:
    """Vulnerability ids to ignore; every line must say why and since when."""
    path = path or EXCEPTIONS
    ids, bad = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if path.exists() else ():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        match = LINE.match(text)
        if match is None:
            bad.append(f"{path.name}:{number}: {text!r}")
        else:
            ids.append(match.group(1))
    if bad:
        raise SystemExit("audit exceptions need '--ignore-vuln ID  # reason, YYYY-MM-DD':\n  "
                         + "\n  ".join(bad))
    return ids


def run_pip_audit(ignored: list[str]) -> tuple[int, dict]:
    command = [sys.executable, "-m", "pip_audit", "-r", str(REQUIREMENTS), "--progress-spinner",
               "off", "--format", "json"]
    for vuln in ignored:
        command += ["--ignore-vuln", vuln]
    done = subprocess.run(command, capture_output=True, text=True)
    try:
        return done.returncode, json.loads(done.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"pip-audit failed ({done.returncode}):\n{done.stderr[-3000:]}")


def latest_release_vulns(name: str, version: str, ignored: set[str]) -> list[str] | None:
    """Known vulnerabilities of name==version from the project-level JSON, None if it cannot tell."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=30) as answer:
            data = json.load(answer)
    except (OSError, ValueError):
        return None
    if data.get("info", {}).get("version") != version:
        return None
    return [v["id"] for v in data.get("vulnerabilities") or []
            if not v.get("withdrawn") and not ({v["id"], *v.get("aliases", [])} & ignored)]


def main() -> int:
    ignored = read_exceptions()
    code, report = run_pip_audit(ignored)
    found = [f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or '-'})"
             for d in report["dependencies"] for v in d.get("vulns", [])]
    skipped = [(d["name"], SKIPPED_VERSION.search(d["skip_reason"])) for d in report["dependencies"]
               if "skip_reason" in d]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = pool.map(lambda item: latest_release_vulns(item[0], item[1].group(1), set(ignored))
                           if item[1] else None, skipped)
    unaudited = []
    for (name, version), vulns in zip(skipped, answers):
        if vulns is None:
            unaudited.append(name)
        else:
            found += [f"{name} {version.group(1)}: {vuln}" for vuln in vulns]
    total = len(report["dependencies"])
    print(f"audit: {total} pinned packages, {len(found)} known vulnerabilities, "
          f"{len(ignored)} listed exceptions, {len(unaudited)} unaudited")
    if unaudited:
        print("  unaudited (no vulnerability data for that version): " + ", ".join(sorted(unaudited)))
    for line in found:
        print("  VULNERABLE " + line)
    if found or code not in (0, 1):
        return 1
    if unaudited and os.environ.get("AUDIT_STRICT") == "1":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
