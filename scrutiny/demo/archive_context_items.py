"""Agenda items the reviews need at given meetings (final and monitoring reports), kept
by both the reviews' plan, which asks for them, and the agendas, which write them."""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny.committees.models import AgendaItem, Issue, Resolution


@dataclass
class ReservedItem:
    title: str
    issue: Issue
    text: str
    minutes: str
    parts: list[str]
    document_title: str
    item: AgendaItem | None = None
    resolution: Resolution | None = None
