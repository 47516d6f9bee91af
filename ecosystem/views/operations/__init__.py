"""Operations pages for the admin: the backup archives and their verification."""
