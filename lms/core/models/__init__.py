"""Core models. Importing this package registers every core table on ``db.metadata``."""

from lms.core.models.assignment import Assignment as Assignment
from lms.core.models.assignment import Recurrence as Recurrence
from lms.core.models.assignment import TargetKind as TargetKind
from lms.core.models.audit import AuditLog as AuditLog
from lms.core.models.competency import Competency, CompetencyGroup
from lms.core.models.course import (
    Course,
    CourseAuthor,
    CourseCompetency,
    CourseItem,
    CourseModule,
    CourseRevision,
    CourseStatus,
    EnrollmentPolicy,
)
from lms.core.models.employee_type import EmployeeTypeRow as EmployeeTypeRow
from lms.core.models.external import ExternalRecord as ExternalRecord
from lms.core.models.external import ExternalRecordDecision as ExternalRecordDecision
from lms.core.models.job import JobRun as JobRun
from lms.core.models.learning import Completion, Enrollment, EnrollmentSource, ItemProgress, ProgressStatus
from lms.core.models.media import Blob, CourseFile
from lms.core.models.notification import Notification as Notification
from lms.core.models.org import Position, PositionKind, Unit
from lms.core.models.outbox import OutboxAttempt as OutboxAttempt
from lms.core.models.outbox import OutboxDelivery as OutboxDelivery
from lms.core.models.outbox import OutboxEvent as OutboxEvent
from lms.core.models.outbox import WebhookEndpoint as WebhookEndpoint
from lms.core.models.site import SiteSetting as SiteSetting
from lms.core.models.throttle import LoginThrottle as LoginThrottle
from lms.core.models.user import ApiToken, EmployeeType, Role, User, UserRole

__all__ = [
    "ApiToken",
    "Blob",
    "Competency",
    "CompetencyGroup",
    "Course",
    "CourseAuthor",
    "CourseCompetency",
    "CourseFile",
    "CourseItem",
    "CourseModule",
    "CourseRevision",
    "CourseStatus",
    "EmployeeType",
    "Completion",
    "Enrollment",
    "EnrollmentPolicy",
    "EnrollmentSource",
    "ItemProgress",
    "ProgressStatus",
    "Position",
    "PositionKind",
    "Role",
    "Unit",
    "User",
    "UserRole",
]
