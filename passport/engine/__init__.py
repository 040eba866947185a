"""The engine: the standard as data and the classification of producers against it.

Pure Python with no Django: typed values in, frozen dataclasses out, no I/O while classifying.
Import from here; the modules behind it are private.
"""

from .answers import AnswersFile, Expected, check_against, read_answers
from .classify import classify
from .conditions import to_xpath
from .diff import FindingChange, Reevaluation, RequirementChange, StandardDiff, diff_standards, reevaluate
from .errors import AnswersError, ConditionError, InvalidFileError, PassportError, Problem, Severity, StandardError
from .loader import check_standard, load_standard
from .model import (
    ELIGIBLE,
    ELIGIBLE_WITH_MITIGATION,
    INCOMPLETE,
    NOT_ELIGIBLE,
    Cell,
    EddTrigger,
    Indicator,
    Module,
    Requirement,
    Standard,
    Window,
    text_in,
)
from .questionnaire import (
    ModuleQuestions,
    Question,
    Questionnaire,
    RequirementQuestions,
    answer_problem,
    applicable_requirements,
    questionnaire,
)
from .registry import get_standard, resolve
from .result import Classification, EddFlag, Finding, MissingAnswer, PlanState, Producer, Progress, to_dict
from .schema import json_schema, json_schema_text

__all__ = [
    "ELIGIBLE",
    "ELIGIBLE_WITH_MITIGATION",
    "INCOMPLETE",
    "NOT_ELIGIBLE",
    "AnswersError",
    "AnswersFile",
    "Cell",
    "Classification",
    "ConditionError",
    "EddFlag",
    "EddTrigger",
    "Expected",
    "Finding",
    "FindingChange",
    "Indicator",
    "InvalidFileError",
    "MissingAnswer",
    "Module",
    "ModuleQuestions",
    "PassportError",
    "PlanState",
    "Problem",
    "Producer",
    "Progress",
    "Question",
    "Questionnaire",
    "Reevaluation",
    "Requirement",
    "RequirementChange",
    "RequirementQuestions",
    "Severity",
    "Standard",
    "StandardDiff",
    "StandardError",
    "Window",
    "answer_problem",
    "applicable_requirements",
    "check_against",
    "check_standard",
    "classify",
    "diff_standards",
    "get_standard",
    "json_schema",
    "json_schema_text",
    "load_standard",
    "questionnaire",
    "read_answers",
    "reevaluate",
    "resolve",
    "text_in",
    "to_dict",
    "to_xpath",
]
