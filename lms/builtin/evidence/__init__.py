"""Built-in plugin ``evidence``: a completed course becomes competency evidence."""
