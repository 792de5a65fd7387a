from enum import StrEnum

class GuidanceResultAudience(StrEnum):
    BOTH = "both"
    EMPLOYEE = "employee"
    MANAGER = "manager"

    def __str__(self) -> str:
        return str(self.value)
