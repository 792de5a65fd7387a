from enum import StrEnum

class FeedbackRephraseRequestLanguageType0(StrEnum):
    DA = "da"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
