"""The public plugin API of Sinau: what a plugin imports.

A plugin is a module (or object) named by an entry point of the ``lms.plugins`` group. It
implements hooks from :mod:`lms.plugins.hookspecs` with the ``@hookimpl`` marker and imports
only from here (the names of :mod:`lms.plugins.api`, each documented there)::

    from lms.plugins import hookimpl

    @hookimpl
    def lms_register_blueprints():
        return [my_blueprint]
"""

from lms.plugins.api import *  # noqa: F403  (the surface is api.py's __all__)
from lms.plugins.api import __all__ as __all__
