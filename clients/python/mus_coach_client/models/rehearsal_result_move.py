from enum import StrEnum

class RehearsalResultMove(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    CONCRETE = "concrete"
    JUDGING = "judging"
    NEUTRAL = "neutral"
    PRAISE = "praise"
    QUESTION = "question"
    REQUEST = "request"

    def __str__(self) -> str:
        return str(self.value)
