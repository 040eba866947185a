"""Assessments against a pinned standard version: answers, evidence, and immutable results."""
