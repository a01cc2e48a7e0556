"""Workflow of a log: transitions with their rules, notifications."""
