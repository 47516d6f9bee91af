"""Personal data under Law 91/2025/QH15: the versioned notice and the processing register (data in
seeds/privacy/), consents, a person's copy of everything held about them, rights requests with
their due days, anonymisation on deletion, the contact-access log and retention.

Uses: accounts (ending sessions), directory (people), platform (settings, audit, mail,
notifications, spreadsheets, uploads); reads the records of events, support and awards.
"""
