from enum import StrEnum

class RephraseResultEngine(StrEnum):
    LLM = "llm"
    RULES = "rules"

    def __str__(self) -> str:
        return str(self.value)
