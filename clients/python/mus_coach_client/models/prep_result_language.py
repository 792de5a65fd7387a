from enum import StrEnum

class PrepResultLanguage(StrEnum):
    DA = "da"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
