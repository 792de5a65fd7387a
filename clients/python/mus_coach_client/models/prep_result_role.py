from enum import StrEnum

class PrepResultRole(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"

    def __str__(self) -> str:
        return str(self.value)
