"""Options shared by the commands that talk to Canvas."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import click

from canvas_npq.canvas.client import DEFAULT_CONCURRENCY, CanvasConfig


def canvas_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option(
        "--token-file",
        type=click.Path(dir_okay=False),
        help="Read the API token from this file instead of CANVAS_API_TOKEN.",
    )(fn)
    fn = click.option(
        "--url",
        metavar="URL",
        help="Canvas base URL (overrides CANVAS_API_URL), e.g. https://school.instructure.com",
    )(fn)
    fn = click.option(
        "--course",
        "course",
        metavar="ID",
        help="The Canvas course id (or sis_course_id:XYZ).",
    )(fn)
    return fn


def concurrency_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--concurrency",
        type=click.IntRange(1, 32),
        default=DEFAULT_CONCURRENCY,
        show_default=True,
        help="The most requests to Canvas at once (independent reads and writes), shared "
        "by the cohorts worked on side by side; fewer are sent while Canvas's rate limit "
        "runs low. 1 sends one at a time.",
    )(fn)


def with_concurrency(config: CanvasConfig, concurrency: int) -> CanvasConfig:
    """``--concurrency`` caps the requests in flight. Courses worked on side by side
    (``--parallel``) share one adaptive limit, since Canvas throttles per token
    (canvas/limiter.py), so the cap is a total however many cohorts run."""
    return dataclasses.replace(config, concurrency=max(1, concurrency))


def course_id(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def cohort_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--cohort NAME`` (repeatable), ``--all-cohorts``, ``--parallel N``, ``--force``."""
    fn = click.option(
        "--force",
        is_flag=True,
        help="Use the course even if it does not look like the cohort's (name and code "
        "differ), is a Blueprint child course, or is managed by another spec (this spec "
        "then takes it over).",
    )(fn)
    fn = click.option(
        "--parallel",
        default=4,
        show_default=True,
        type=click.IntRange(1, 16),
        help="How many cohorts to work on at once.",
    )(fn)
    fn = click.option(
        "--all-cohorts", is_flag=True, help="Every cohort in cohorts.yaml (instead of --course)."
    )(fn)
    fn = click.option(
        "--cohort",
        "cohorts",
        multiple=True,
        metavar="NAME",
        help="A cohort from cohorts.yaml (repeatable; instead of --course).",
    )(fn)
    return fn
