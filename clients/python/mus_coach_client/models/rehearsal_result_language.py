from enum import StrEnum

class RehearsalResultLanguage(StrEnum):
    DA = "da"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
