"""Background work: ``lms.core.jobs`` over huey.

Declare a job, return it from the ``lms_register_jobs`` hook (core's are in
:mod:`lms.core.jobs.builtin`), and ask for it from a service::

    @job("certificate", retries=3, retry_delay=30)
    def issue_certificate(ctx: JobContext, completion_id: int) -> dict | None: ...

    enqueue("certificate", key=f"completion:{completion_id}", completion_id=completion_id)
    transaction.commit()   # the run reaches the queue only after this commit

Runs are rows of ``job_run`` (status, attempts, progress, error, result, who asked), unique
by ``(name, key)``: enqueueing twice makes one run, and a second delivery of the same run by
the queue does nothing. Failures retry with exponential backoff, then stay in the failed list
(``lms jobs list``, ``/admin/jobs``) until retried.
"""

from lms.core.jobs.registry import JobSpec, crontab, job
from lms.core.jobs.runs import JobContext, JobError, enqueue, execute, retry
from lms.core.jobs.scheduler import tick

__all__ = ["JobContext", "JobError", "JobSpec", "crontab", "enqueue", "execute", "job", "retry", "tick"]
