from enum import StrEnum

class SBISuggestionStyle(StrEnum):
    QUESTION = "question"
    SBI = "sbi"
    SHORT = "short"

    def __str__(self) -> str:
        return str(self.value)
