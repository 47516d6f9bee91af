"""What a page did that the user did not ask for: Content-Security-Policy violations (recorded by a
script injected before the page's own, which the policy does not govern) and JavaScript dialogs."""

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || ''));
});
"""
# Pages a browser would download rather than show.
DOWNLOADS = (".csv", ".xlsx", ".ics", ".svg", ".json", "/files/", "/attachment", "/documents/", "/api/", "/healthz", "/readyz",
             "/lang/", "/checkin/count", "/logout")


def watch(page) -> dict:
    """Start recording on a page; returns the dict that fills as pages load."""
    seen = {"dialogs": [], "console": []}
    page.add_init_script(RECORD_VIOLATIONS)

    def on_dialog(dialog):
        seen["dialogs"].append(f"{page.url}: {dialog.type} {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: msg.type == "error" and "Content Security Policy" in msg.text
            and seen["console"].append(f"{page.url}: {msg.text}"))
    return seen


def violations(page) -> list[str]:
    return [f"{page.url}: {v}" for v in page.evaluate("window.__violations || []")]


def is_page(url: str) -> bool:
    return not any(part in url for part in DOWNLOADS)
