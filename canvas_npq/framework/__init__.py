"""NPQ framework catalogues (packaged data + loader) and the coverage report over them."""

from canvas_npq.framework.catalogue import (
    Area,
    Framework,
    FrameworkDataError,
    FrameworkError,
    Kind,
    Statement,
    StatementRefError,
    UnknownFrameworkError,
    UnknownStatementError,
    available_frameworks,
    framework_from_data,
    load_framework,
    parse_statement_ref,
)
from canvas_npq.framework.coverage import (
    Citation,
    CoverageReport,
    StatementCoverage,
    build_coverage,
)

__all__ = [
    "Area",
    "Citation",
    "CoverageReport",
    "Framework",
    "FrameworkDataError",
    "FrameworkError",
    "Kind",
    "Statement",
    "StatementCoverage",
    "StatementRefError",
    "UnknownFrameworkError",
    "UnknownStatementError",
    "available_frameworks",
    "build_coverage",
    "framework_from_data",
    "load_framework",
    "parse_statement_ref",
]
