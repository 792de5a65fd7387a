from enum import StrEnum

class FeedbackAnalysisRedactedItem(StrEnum):
    ACCOUNT = "account"
    CPR = "cpr"
    EMAIL = "email"
    IBAN = "iban"
    PERSON = "person"
    PHONE = "phone"

    def __str__(self) -> str:
        return str(self.value)
