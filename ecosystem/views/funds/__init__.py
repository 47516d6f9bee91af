"""Enterprise S&T funds: the enterprise's ledger pages and the officers' reports."""
