"""The certificate plugin's own hooks, published through ``lms_add_hookspecs``.

Another plugin reacts to a new certificate (announce it, file it elsewhere)::

    from lms.plugins import hookimpl

    @hookimpl(optionalhook=True)  # start-up still works with the certificate plugin disabled
    def lms_on_certificate_issued(certificate_id):
        ...
"""

from __future__ import annotations

from lms.plugins import hookspec

# --------------------------------------------------------------------------- events (after commit)


@hookspec
def lms_on_certificate_issued(certificate_id: int) -> None:
    """A certificate was issued.

    :param certificate_id: the new certificate (its number, completion, PDF).

    **Answers**: ignored (an event, after the commit). Only for a new certificate: asking again
    for a completion that has one issues nothing.

    Example::

        @hookimpl(optionalhook=True)  # start-up still works with the certificate plugin disabled
        def lms_on_certificate_issued(certificate_id):
            enqueue("arsip.file_certificate", key=f"certificate:{certificate_id}",
                    certificate_id=certificate_id)
    """
