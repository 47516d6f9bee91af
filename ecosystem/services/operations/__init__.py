"""Operations: backups that carry the database and every uploaded file, a checked restore, and the
clean-up of orphan upload files. Uses platform (settings, uploads, the file registry) and the models'
metadata; the CLI (ecosystem/cli.py) and the admin page only call in here."""
