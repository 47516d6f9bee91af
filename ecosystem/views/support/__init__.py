"""Startup onboarding and the support-request pipeline, for startups, assignees and the DOST."""
