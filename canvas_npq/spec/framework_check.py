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


def _framework_files() -> ModuleType | None:
    try:
        return importlib.import_module("canvas_npq.framework.files")
    except ImportError:
        return None


def check_citations(ctx: Context, framework_id: str | None, framework_node: Node | None) -> None:
    """Report an unknown framework, and every cited statement it does not contain."""
    if framework_id is None:
        return
    catalogue = _catalogue()
    if catalogue is None:
        return
    files = _framework_files()
    try:
        if files is not None:
            framework = files.framework_for(framework_id, ctx.root)
        else:
            framework = catalogue.load_framework(framework_id)
    except LookupError:
        available = list(getattr(catalogue, "available_frameworks", list)())
        choices = suggest(framework_id, available) or (
            f"Available: {', '.join(available) or 'none'}; or name a framework file in the "
            "spec folder, e.g. frameworks/npqsl-2024-01.yaml (docs/frameworks.md)"
        )
        ctx.add(framework_node, f"unknown framework {framework_id!r}", choices)
        return
    except catalogue.FrameworkError as error:
        _report_framework_error(ctx, framework_id, framework_node, error, files)
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


def _report_framework_error(
    ctx: Context,
    framework_id: str,
    framework_node: Node | None,
    error: Exception,
    files: ModuleType | None,
) -> None:
    """A framework file's own problems at their lines in it; anything else at ``framework:``."""
    if files is None or not isinstance(error, files.FrameworkFileError):
        ctx.add(framework_node, f"framework {framework_id!r} cannot be loaded: {error}")
        return
    for problem in error.problems:
        if problem.line is None and error.display == framework_id:
            # The file itself could not be reached (missing, outside the folder).
            ctx.add(framework_node, f"framework file {framework_id!r}: {problem.message}")
        else:
            ctx.problems.add(
                error.display,
                problem.line,
                None,
                problem.message,
                "Each framework file is checked like the packaged ones (docs/frameworks.md)",
            )
