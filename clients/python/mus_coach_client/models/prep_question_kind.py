from enum import StrEnum

class PrepQuestionKind(StrEnum):
    ASK = "ask"
    PREPARE = "prepare"

    def __str__(self) -> str:
        return str(self.value)
