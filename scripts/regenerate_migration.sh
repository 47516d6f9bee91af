#!/usr/bin/env bash
# Before the first release: rebuild the single initial migration from the models.
# After a release, never use this: add a new revision with `flask db migrate` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f migrations/versions/*.py /tmp/regen-migration.db
DATABASE_URL=sqlite:////tmp/regen-migration.db .venv/bin/flask --app app db migrate -m "initial schema" >/dev/null 2>&1
ls migrations/versions/
