"""S&T-enterprise certification: applications, the officers' office and the public register."""
