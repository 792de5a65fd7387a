from enum import StrEnum

class FindingCategory(StrEnum):
    ATTRIBUTION = "attribution"
    GENERALIZATION = "generalization"
    LABEL = "label"

    def __str__(self) -> str:
        return str(self.value)
