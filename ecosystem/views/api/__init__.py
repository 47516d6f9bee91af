"""The JSON API (/api/v1): every module here that defines `bp` is registered by create_app."""
