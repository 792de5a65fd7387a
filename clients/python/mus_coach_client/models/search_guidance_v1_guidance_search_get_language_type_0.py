from enum import StrEnum

class SearchGuidanceV1GuidanceSearchGetLanguageType0(StrEnum):
    DA = "da"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
