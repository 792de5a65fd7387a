from enum import StrEnum

class SearchGuidanceV1GuidanceSearchGetAudienceType0(StrEnum):
    BOTH = "both"
    EMPLOYEE = "employee"
    MANAGER = "manager"

    def __str__(self) -> str:
        return str(self.value)
