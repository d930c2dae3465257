"""Sesi tatap muka (classroom sessions) for Sinau: an example third-party plugin.

It imports only ``lms.plugins``, Flask and Flask-Babel: what a plugin written outside the Sinau
repository may use. The hooks are in :mod:`sinau_example.plugin`."""
