from enum import StrEnum

class RehearsalResultReaction(StrEnum):
    AGREEING = "agreeing"
    ANSWER = "answer"
    DEFENSIVE = "defensive"
    ENGAGED = "engaged"
    PLEASED = "pleased"
    SOFTENED = "softened"
    UNSURE = "unsure"

    def __str__(self) -> str:
        return str(self.value)
