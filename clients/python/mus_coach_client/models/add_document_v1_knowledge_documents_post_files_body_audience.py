from enum import StrEnum

class AddDocumentV1KnowledgeDocumentsPostFilesBodyAudience(StrEnum):
    BOTH = "both"
    EMPLOYEE = "employee"
    MANAGER = "manager"

    def __str__(self) -> str:
        return str(self.value)
