"""The DOST's view: dashboard, targets, network health and map, annual report."""
