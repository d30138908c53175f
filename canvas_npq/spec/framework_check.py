"""Checking ``covers:`` citations against the framework catalogue the spec names.

The catalogue lives in ``canvas_npq.framework``; it is imported lazily so that the
spec loader still works (checking only the form of statement ids) without it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from yaml.nodes import Node

from canvas_npq.spec.values import Context, suggest


def _catalogue() -> ModuleType | None:
    try:
        module = importlib.import_module("canvas_npq.framework.catalogue")
    except ImportError:
        return None
    needed = ("load_framework", "UnknownStatementError", "FrameworkError")
    return module if all(hasattr(module, name) for name in needed) else None


def check_citations(ctx: Context, framework_id: str | None, framework_node: Node | None) -> None:
    """Report an unknown framework, and every cited statement it does not contain."""
    if framework_id is None:
        return
    catalogue = _catalogue()
    if catalogue is None:
        return
    try:
        framework = catalogue.load_framework(framework_id)
    except LookupError:
        available = list(getattr(catalogue, "available_frameworks", list)())
        choices = suggest(framework_id, available) or f"Available: {', '.join(available) or 'none'}"
        ctx.add(framework_node, f"unknown framework {framework_id!r}", choices)
        return
    except catalogue.FrameworkError as error:
        ctx.add(framework_node, f"framework {framework_id!r} cannot be loaded: {error}")
        return
    for citation in ctx.citations:
        try:
            framework.get(citation.text)
        except catalogue.UnknownStatementError as error:
            hint = f"Did you mean {error.suggestion}?" if error.suggestion else None
            # The catalogue's message ends "...: <why>; did you mean X?"; keep the why.
            why = str(error).split("; did you mean")[0].partition(": ")[2]
            message = (
                f"{citation.owner} covers {citation.text}, which is not a statement of "
                f"{framework_id}" + (f" ({why})" if why else "")
            )
            ctx.problems.add(ctx.file, citation.line, citation.column, message, hint)
        except catalogue.FrameworkError as error:
            ctx.problems.add(ctx.file, citation.line, citation.column, str(error))
