from enum import StrEnum

class PrepResultEngine(StrEnum):
    LLM = "llm"
    RULES = "rules"

    def __str__(self) -> str:
        return str(self.value)
