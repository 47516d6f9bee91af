"""The API's own records: personal access tokens, idempotent creates, webhooks and their deliveries.

Uses platform/ (settings, errors) and the models; the capability rules stay in their own packages.
"""
