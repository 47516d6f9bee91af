"""Reaching people where they are: notification preferences and one-click unsubscribe, the daily
digest, broadcasts to saved audiences, the personal calendar feed, the Zalo channel and single
sign-on identities. Uses platform/ (mail, notifications, settings, audit), privacy/ (consents) and
reads events/, awards/, certification/, funds/ for audiences and calendar entries."""
