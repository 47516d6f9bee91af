"""Personal data: the privacy notice, "my data" with consents and requests, and the admin pages."""
