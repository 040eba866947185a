"""The engine: the standard as data and the classification of producers against it.

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

__all__ = [
    "ELIGIBLE",
    "ELIGIBLE_WITH_MITIGATION",
    "INCOMPLETE",
    "NOT_ELIGIBLE",
    "ActionToPlace",
    "AnswersError",
    "AnswersFile",
    "Cell",
    "Classification",
    "ConditionError",
    "DeadlineCheck",
    "DeadlineReport",
    "DeadlineStatus",
    "DraftAction",
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
    "Pairing",
    "PassportError",
    "PlacedAction",
    "PlanState",
    "Problem",
    "Producer",
    "Progress",
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
    "Window",
    "answer_problem",
    "applicable_requirements",
    "benchmark",
    "check_against",
    "check_deadlines",
    "check_standard",
    "classify",
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
    "to_dict",
    "to_xpath",
]
