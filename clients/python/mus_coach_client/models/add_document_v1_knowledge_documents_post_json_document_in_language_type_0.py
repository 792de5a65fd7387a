from enum import StrEnum

class AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0(StrEnum):
    DA = "da"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
