from enum import StrEnum

class AddDocumentV1KnowledgeDocumentsPostJsonDocumentInAudience(StrEnum):
    BOTH = "both"
    EMPLOYEE = "employee"
    MANAGER = "manager"

    def __str__(self) -> str:
        return str(self.value)
