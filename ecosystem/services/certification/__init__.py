"""S&T-enterprise certification: rule sets as data, applications, appraisal with working-day
deadlines, the certificate register, annual reports and revocation warnings.

Uses: accounts, platform.
"""
