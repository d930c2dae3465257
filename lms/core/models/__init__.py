"""Core models. Importing this package registers every core table on ``db.metadata``."""

from lms.core.models.org import Position, PositionKind, Unit
from lms.core.models.user import ApiToken, EmployeeType, Role, User, UserRole

__all__ = ["ApiToken", "EmployeeType", "Position", "PositionKind", "Role", "Unit", "User", "UserRole"]
