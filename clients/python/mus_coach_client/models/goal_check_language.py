from enum import StrEnum

class GoalCheckLanguage(StrEnum):
    DA = "da"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
