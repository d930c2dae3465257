"""The certificate plugin's own hooks, published through ``lms_add_hookspecs``.

Another plugin reacts to a new certificate (announce it, file it elsewhere)::

    from lms.plugins import hookimpl

    @hookimpl(optionalhook=True)  # start-up still works with the certificate plugin disabled
    def lms_on_certificate_issued(certificate_id):
        ...
"""

from __future__ import annotations

from lms.plugins import hookspec


@hookspec
def lms_on_certificate_issued(certificate_id: int) -> None:
    """A certificate was issued (an event: called after the commit, with the certificate's id;
    the return value is ignored). Only for a new certificate: asking again for a completion that
    has one issues nothing."""
