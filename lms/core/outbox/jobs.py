"""The outbox's job: deliver one target's copy of an event (the fan-out happens in the
publisher's transaction, :func:`lms.core.outbox.delivery.fanout`)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.core import transaction
from lms.core.jobs.registry import job
from lms.core.jobs.runs import JobContext
from lms.core.outbox import delivery


@job(delivery.DELIVER_JOB, retries=delivery.RETRIES, retry_delay=delivery.RETRY_DELAY,
     label=_l("Mengirim webhook atau pernyataan xAPI"))
def deliver(ctx: JobContext, delivery_id: int) -> dict[str, Any]:
    last_try = ctx.attempt >= ctx.run.max_attempts
    if delivery.attempt(delivery_id, last_try=last_try):
        return {"delivered": True}
    # keep this try in the delivery log, then fail the run: the job retries with backoff
    transaction.commit()
    # read by admins on /admin/jobs: words, and where to look (the delivery log has the details)
    raise delivery.DeliveryFailed(_("Kiriman no. %(id)d belum sampai ke penerima (percobaan ke-%(num)d); "
                                    "rinciannya ada di log pengiriman.", id=delivery_id, num=ctx.attempt))


JOBS = [deliver]
