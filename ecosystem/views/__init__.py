"""One blueprint per domain; every module here that defines `bp` is registered by create_app."""
