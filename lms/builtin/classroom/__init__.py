"""Built-in plugin ``classroom``: workshops, bimtek and seminars (issue 16)."""
