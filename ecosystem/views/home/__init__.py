"""Role homes (rendered for `/` by main.home) and the site-wide search page."""
