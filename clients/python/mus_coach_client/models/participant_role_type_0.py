from enum import StrEnum

class ParticipantRoleType0(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"

    def __str__(self) -> str:
        return str(self.value)
