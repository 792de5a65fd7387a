from enum import StrEnum

class AddDocumentV1KnowledgeDocumentsPostFilesBodyLanguage(StrEnum):
    DA = "da"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
