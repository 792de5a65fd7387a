from enum import StrEnum

class RehearsalResultEngine(StrEnum):
    LLM = "llm"
    RULES = "rules"

    def __str__(self) -> str:
        return str(self.value)
