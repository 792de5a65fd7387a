from enum import StrEnum

class OrgDocumentAudience(StrEnum):
    BOTH = "both"
    EMPLOYEE = "employee"
    MANAGER = "manager"

    def __str__(self) -> str:
        return str(self.value)
