"""Codes shared by the pure rule modules and the models' CHECK constraints.

Plain Python with no imports from the app, so the models import nothing from services and the
rule modules (services/support/workflow.py, services/funds/tranche_rule.py) stay pure; the
translated labels live with the models.
"""
from enum import StrEnum


class RequestState(StrEnum):
    """Where a support request is in its life cycle (services/support/workflow.py moves it)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    TRIAGED = "triaged"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


# Who someone is to one support request (not their account roles): startup, officer, admin, assignee.
REQUEST_ROLES = ("startup", "officer", "admin", "assignee")

# Circular 05/2022/TT-BKHCN art. 4: the allowed uses of an enterprise S&T fund.
USAGE_CATEGORIES = ("facilities", "technology_purchase", "innovation_machinery", "personnel", "training",
                    "initiatives", "cooperation", "commercialisation")
