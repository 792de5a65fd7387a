from enum import StrEnum

class GuidanceResultSource(StrEnum):
    BUILTIN = "builtin"
    ORG = "org"

    def __str__(self) -> str:
        return str(self.value)
