"""A scheduler-side import worker for the killed-import test: it runs imports.run_queued, and after
the first chunk of rows is flushed it says so (a marker file) and hangs until it is killed."""
import sys
import time
from pathlib import Path

from ecosystem import create_app
from ecosystem.services.imports import runs, worker


def hang_after_first_chunk(marker: Path):
    original = runs.apply_rows

    def slow(kind, rows, *, chunk, on_chunk):
        def tick(done):
            on_chunk(done)
            marker.write_text(str(done))
            time.sleep(600)
        return original(kind, rows, chunk=chunk, on_chunk=tick)
    runs.apply_rows = slow


if __name__ == "__main__":
    url, upload_root, marker = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_ROOT": upload_root, "TESTING": True})
    hang_after_first_chunk(marker)
    with app.app_context():
        worker.run_queued()
