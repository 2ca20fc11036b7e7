"""The weak-point rules (DOMAIN.md, "Weak points"), one small function per rule id.

Importing this package registers every rule in :data:`journeys.findings.RULES`.
"""

from __future__ import annotations

from . import actions, experience, roles, standards, structure

__all__ = ["actions", "experience", "roles", "standards", "structure"]
