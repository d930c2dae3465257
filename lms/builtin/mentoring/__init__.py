"""Mentoring and coaching (issue 17): relations, a session log the mentor confirms, JP and
competency evidence from confirmed sessions, and nudges for quiet pairs."""
