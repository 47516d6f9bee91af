"""Events, tickets, the check-in desk, clubs and office hours."""
