""" Contains all the data models used in inputs/outputs """

from .add_document_v1_knowledge_documents_post_files_body import AddDocumentV1KnowledgeDocumentsPostFilesBody
from .add_document_v1_knowledge_documents_post_files_body_audience import AddDocumentV1KnowledgeDocumentsPostFilesBodyAudience
from .add_document_v1_knowledge_documents_post_files_body_language import AddDocumentV1KnowledgeDocumentsPostFilesBodyLanguage
from .add_document_v1_knowledge_documents_post_files_body_topic import AddDocumentV1KnowledgeDocumentsPostFilesBodyTopic
from .add_document_v1_knowledge_documents_post_json_document_in import AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn
from .add_document_v1_knowledge_documents_post_json_document_in_audience import AddDocumentV1KnowledgeDocumentsPostJsonDocumentInAudience
from .add_document_v1_knowledge_documents_post_json_document_in_language_type_0 import AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0
from .add_document_v1_knowledge_documents_post_json_document_in_topic import AddDocumentV1KnowledgeDocumentsPostJsonDocumentInTopic
from .criteria import Criteria
from .criterion import Criterion
from .document_list import DocumentList
from .feedback_analysis import FeedbackAnalysis
from .feedback_analysis_engine import FeedbackAnalysisEngine
from .feedback_analysis_language import FeedbackAnalysisLanguage
from .feedback_analysis_redacted_item import FeedbackAnalysisRedactedItem
from .feedback_analyze_request import FeedbackAnalyzeRequest
from .feedback_analyze_request_language_type_0 import FeedbackAnalyzeRequestLanguageType0
from .feedback_rehearse_request import FeedbackRehearseRequest
from .feedback_rehearse_request_language_type_0 import FeedbackRehearseRequestLanguageType0
from .feedback_rehearse_request_persona_type_0 import FeedbackRehearseRequestPersonaType0
from .feedback_rephrase_request import FeedbackRephraseRequest
from .feedback_rephrase_request_language_type_0 import FeedbackRephraseRequestLanguageType0
from .field_error import FieldError
from .finding import Finding
from .finding_category import FindingCategory
from .follow_up import FollowUp
from .goal_check import GoalCheck
from .goal_check_engine import GoalCheckEngine
from .goal_check_language import GoalCheckLanguage
from .goal_check_redacted_item import GoalCheckRedactedItem
from .goal_check_request import GoalCheckRequest
from .goal_check_request_language_type_0 import GoalCheckRequestLanguageType0
from .guidance_response import GuidanceResponse
from .guidance_result import GuidanceResult
from .guidance_result_audience import GuidanceResultAudience
from .guidance_result_language_type_0 import GuidanceResultLanguageType0
from .guidance_result_source import GuidanceResultSource
from .org_document import OrgDocument
from .org_document_audience import OrgDocumentAudience
from .org_document_language import OrgDocumentLanguage
from .participant import Participant
from .participant_role_type_0 import ParticipantRoleType0
from .point import Point
from .prep_question import PrepQuestion
from .prep_question_kind import PrepQuestionKind
from .prep_request import PrepRequest
from .prep_request_language_type_0 import PrepRequestLanguageType0
from .prep_request_role import PrepRequestRole
from .prep_result import PrepResult
from .prep_result_engine import PrepResultEngine
from .prep_result_language import PrepResultLanguage
from .prep_result_redacted_item import PrepResultRedactedItem
from .prep_result_role import PrepResultRole
from .prep_section import PrepSection
from .problem import Problem
from .rehearsal_result import RehearsalResult
from .rehearsal_result_engine import RehearsalResultEngine
from .rehearsal_result_language import RehearsalResultLanguage
from .rehearsal_result_move import RehearsalResultMove
from .rehearsal_result_persona import RehearsalResultPersona
from .rehearsal_result_reaction import RehearsalResultReaction
from .rehearsal_turn import RehearsalTurn
from .rehearsal_turn_role import RehearsalTurnRole
from .rephrase_result import RephraseResult
from .rephrase_result_engine import RephraseResultEngine
from .rephrase_result_language import RephraseResultLanguage
from .rephrase_result_redacted_item import RephraseResultRedactedItem
from .sbi_suggestion import SBISuggestion
from .sbi_suggestion_style import SBISuggestionStyle
from .search_guidance_v1_guidance_search_get_audience_type_0 import SearchGuidanceV1GuidanceSearchGetAudienceType0
from .search_guidance_v1_guidance_search_get_language_type_0 import SearchGuidanceV1GuidanceSearchGetLanguageType0
from .section import Section
from .source_ref import SourceRef
from .status import Status
from .summary_action import SummaryAction
from .summary_action_owner_type_0 import SummaryActionOwnerType0
from .summary_goal import SummaryGoal
from .summary_request import SummaryRequest
from .summary_request_language_type_0 import SummaryRequestLanguageType0
from .summary_result import SummaryResult
from .summary_result_engine import SummaryResultEngine
from .summary_result_language import SummaryResultLanguage

__all__ = (
    "AddDocumentV1KnowledgeDocumentsPostFilesBody",
    "AddDocumentV1KnowledgeDocumentsPostFilesBodyAudience",
    "AddDocumentV1KnowledgeDocumentsPostFilesBodyLanguage",
    "AddDocumentV1KnowledgeDocumentsPostFilesBodyTopic",
    "AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn",
    "AddDocumentV1KnowledgeDocumentsPostJsonDocumentInAudience",
    "AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0",
    "AddDocumentV1KnowledgeDocumentsPostJsonDocumentInTopic",
    "Criteria",
    "Criterion",
    "DocumentList",
    "FeedbackAnalysis",
    "FeedbackAnalysisEngine",
    "FeedbackAnalysisLanguage",
    "FeedbackAnalysisRedactedItem",
    "FeedbackAnalyzeRequest",
    "FeedbackAnalyzeRequestLanguageType0",
    "FeedbackRehearseRequest",
    "FeedbackRehearseRequestLanguageType0",
    "FeedbackRehearseRequestPersonaType0",
    "FeedbackRephraseRequest",
    "FeedbackRephraseRequestLanguageType0",
    "FieldError",
    "Finding",
    "FindingCategory",
    "FollowUp",
    "GoalCheck",
    "GoalCheckEngine",
    "GoalCheckLanguage",
    "GoalCheckRedactedItem",
    "GoalCheckRequest",
    "GoalCheckRequestLanguageType0",
    "GuidanceResponse",
    "GuidanceResult",
    "GuidanceResultAudience",
    "GuidanceResultLanguageType0",
    "GuidanceResultSource",
    "OrgDocument",
    "OrgDocumentAudience",
    "OrgDocumentLanguage",
    "Participant",
    "ParticipantRoleType0",
    "Point",
    "PrepQuestion",
    "PrepQuestionKind",
    "PrepRequest",
    "PrepRequestLanguageType0",
    "PrepRequestRole",
    "PrepResult",
    "PrepResultEngine",
    "PrepResultLanguage",
    "PrepResultRedactedItem",
    "PrepResultRole",
    "PrepSection",
    "Problem",
    "RehearsalResult",
    "RehearsalResultEngine",
    "RehearsalResultLanguage",
    "RehearsalResultMove",
    "RehearsalResultPersona",
    "RehearsalResultReaction",
    "RehearsalTurn",
    "RehearsalTurnRole",
    "RephraseResult",
    "RephraseResultEngine",
    "RephraseResultLanguage",
    "RephraseResultRedactedItem",
    "SBISuggestion",
    "SBISuggestionStyle",
    "SearchGuidanceV1GuidanceSearchGetAudienceType0",
    "SearchGuidanceV1GuidanceSearchGetLanguageType0",
    "Section",
    "SourceRef",
    "Status",
    "SummaryAction",
    "SummaryActionOwnerType0",
    "SummaryGoal",
    "SummaryRequest",
    "SummaryRequestLanguageType0",
    "SummaryResult",
    "SummaryResultEngine",
    "SummaryResultLanguage",
)
