from enum import StrEnum

class AddDocumentV1KnowledgeDocumentsPostFilesBodyTopic(StrEnum):
    CHALLENGES = "challenges"
    DEVELOPMENT = "development"
    DOCUMENTATION = "documentation"
    EXPECTATIONS_GOALS = "expectations-goals"
    FEEDBACK = "feedback"
    FOLLOW_UP = "follow-up"
    PREPARATION_EMPLOYEE = "preparation-employee"
    PREPARATION_MANAGER = "preparation-manager"
    PURPOSE = "purpose"
    SMART_GOALS = "smart-goals"
    VIRTUAL = "virtual"
    WELLBEING = "wellbeing"
    WORK_SITUATION = "work-situation"

    def __str__(self) -> str:
        return str(self.value)
