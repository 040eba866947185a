"""The engine: the standard as data, the classification of producers against it, and the sharing policy.

Pure Python with no Django: typed values in, frozen dataclasses out, no I/O while classifying.
Import from here; the modules behind it are private.
"""

from .answers import AnswersFile, Expected, check_against, read_answers
from .classify import classify
from .conditions import to_xpath
from .deadlines import DeadlineCheck, DeadlineReport, DeadlineStatus, TrackedAction, check_deadlines, local_date
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
from .rollup import Pairing, RequirementBenchmark, RequirementRollUp, RollUp, UnitOutcome, benchmark, roll_up
from .schema import json_schema, json_schema_text
from .sequencing import ActionToPlace, DraftAction, PlacedAction, Strategy, draft_actions, due_date, sequence
from .sharing import (
    PLATFORM_FIELDS,
    Audience,
    Decision,
    FieldRule,
    Grant,
    Purpose,
    Viewer,
    audience_of,
    decide,
    tightened,
)

__all__ = [
    "ELIGIBLE",
    "ELIGIBLE_WITH_MITIGATION",
    "INCOMPLETE",
    "NOT_ELIGIBLE",
    "PLATFORM_FIELDS",
    "ActionToPlace",
    "AnswersError",
    "AnswersFile",
    "Audience",
    "Cell",
    "Classification",
    "ConditionError",
    "DeadlineCheck",
    "DeadlineReport",
    "DeadlineStatus",
    "Decision",
    "DraftAction",
    "EddFlag",
    "EddTrigger",
    "Expected",
    "FieldRule",
    "Finding",
    "FindingChange",
    "Grant",
    "Indicator",
    "InvalidFileError",
    "MissingAnswer",
    "Module",
    "ModuleQuestions",
    "Pairing",
    "PassportError",
    "PlacedAction",
    "PlanState",
    "Problem",
    "Producer",
    "Progress",
    "Purpose",
    "Question",
    "Questionnaire",
    "Reevaluation",
    "Requirement",
    "RequirementBenchmark",
    "RequirementChange",
    "RequirementQuestions",
    "RequirementRollUp",
    "RollUp",
    "Severity",
    "Standard",
    "StandardDiff",
    "StandardError",
    "Strategy",
    "TrackedAction",
    "UnitOutcome",
    "Viewer",
    "Window",
    "answer_problem",
    "applicable_requirements",
    "audience_of",
    "benchmark",
    "check_against",
    "check_deadlines",
    "check_standard",
    "classify",
    "decide",
    "diff_standards",
    "draft_actions",
    "due_date",
    "get_standard",
    "json_schema",
    "json_schema_text",
    "load_standard",
    "local_date",
    "questionnaire",
    "read_answers",
    "reevaluate",
    "resolve",
    "roll_up",
    "sequence",
    "text_in",
    "tightened",
    "to_dict",
    "to_xpath",
]
