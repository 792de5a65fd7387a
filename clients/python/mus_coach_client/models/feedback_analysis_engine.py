from enum import StrEnum

class FeedbackAnalysisEngine(StrEnum):
    LLM = "llm"
    RULES = "rules"

    def __str__(self) -> str:
        return str(self.value)
