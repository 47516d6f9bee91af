"""Pages every role shares: home, language switch, health, the bell, uploaded files, admin."""
