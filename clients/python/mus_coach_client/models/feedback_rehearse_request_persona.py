from enum import StrEnum

class FeedbackRehearseRequestPersona(StrEnum):
    DEFENSIVE = "defensive"
    OPEN = "open"
    QUIET = "quiet"
    SURPRISED = "surprised"
    UPSET = "upset"

    def __str__(self) -> str:
        return str(self.value)
