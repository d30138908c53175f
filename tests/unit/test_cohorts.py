"""Cohorts: relative dates, time zones, delivery models, overrides, cohorts.yaml checks."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from canvas_npq import sync
from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec.dates import DateError, parse_date
from tests.cohorts.specs import make_cohort_spec

LONDON = ZoneInfo("Europe/London")
START = date(2026, 10, 5)  # a Monday; the clocks go back on Sunday 25 October 2026


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "end_of_day", "expected"),
    [
        ("start", False, utc(2026, 10, 4, 23, 0)),  # midnight BST
        ("week 1", False, utc(2026, 10, 4, 23, 0)),
        ("week 3 09:00", False, utc(2026, 10, 19, 8, 0)),  # BST: 09:00 local is 08:00Z
        ("week 4 09:00", False, utc(2026, 10, 26, 9, 0)),  # GMT after the change
        ("week 6 friday 17:00", False, utc(2026, 11, 13, 17, 0)),
        ("week 3 fri", True, utc(2026, 10, 23, 22, 59)),  # a deadline day ends 23:59
        ("start + 14d", False, utc(2026, 10, 18, 23, 0)),
        ("start + 2w 09:30", False, utc(2026, 10, 19, 8, 30)),
        ("start - 3d", False, utc(2026, 10, 1, 23, 0)),
        ("Week 2 Monday 10:00", False, utc(2026, 10, 12, 9, 0)),
    ],
)
def test_relative_dates_resolve_from_the_cohort_start_in_its_zone(text, end_of_day, expected):
    assert parse_date(text, LONDON, end_of_day=end_of_day, start=START) == expected


def test_week_weekday_is_the_day_within_that_week_when_the_start_is_midweek():
    wednesday = date(2027, 3, 3)
    assert parse_date("week 1 monday", LONDON, start=wednesday).date() == date(2027, 3, 8)
    assert parse_date("week 1 friday", LONDON, start=wednesday).date() == date(2027, 3, 5)


def test_relative_dates_need_a_cohort_and_valid_parts():
    with pytest.raises(DateError, match="relative to a cohort's start"):
        parse_date("week 3", LONDON)
    with pytest.raises(DateError, match="counted from 1"):
        parse_date("week 0", LONDON, start=START)
    with pytest.raises(DateError, match="not a time of day"):
        parse_date("week 2 25:00", LONDON, start=START)
    # 01:30 on the day the clocks go forward does not exist in London.
    with pytest.raises(DateError, match="does not exist"):
        parse_date("start + 27d 01:30", LONDON, start=date(2027, 3, 1))


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    return make_cohort_spec(tmp_path / "spec", 101, "sis_course_id:NPQLTD-S27")


def _item(spec, item_id):
    return next(item for _, item in spec.all_items() if item.id == item_id)


def test_cohorts_yaml_loads_with_defaults_and_course_references(spec_dir):
    autumn, spring = sync.load_cohorts(spec_dir)
    assert (autumn.name, autumn.course, autumn.start) == ("autumn-2026", 101, START)
    assert autumn.timezone is None and autumn.delivery == "blended"
    assert spring.course == "sis_course_id:NPQLTD-S27" and spring.delivery == "online"


def test_dates_resolve_per_cohort_across_the_clock_change(spec_dir):
    autumn = load_spec(spec_dir, "autumn-2026")
    spring = load_spec(spec_dir, "spring-2027")
    mit_a, mit_s = _item(autumn, "mit-1"), _item(spring, "mit-1")
    # Autumn: unlocks in BST (week 3), due in GMT (week 6): both at local wall-clock time.
    assert mit_a.unlock_at == utc(2026, 10, 19, 8, 0)
    assert mit_a.due_at == utc(2026, 11, 13, 17, 0)
    # Spring starts in GMT; week 6 Friday (2 April 2027) is after the clocks go forward.
    assert mit_s.unlock_at == utc(2027, 3, 15, 9, 0)
    assert mit_s.due_at == utc(2027, 4, 9, 16, 0)


def test_cohort_course_name_code_and_time_zone_override_course_yaml(spec_dir):
    spec = load_spec(spec_dir, "spring-2027")
    assert (spec.course.name, spec.course.course_code) == ("NPQLTD spring 2027", "NPQLTD-S27")
    assert spec.course.time_zone == "Europe/London"


def test_blended_cohort_keeps_face_to_face_items_with_its_overrides(spec_dir):
    spec = load_spec(spec_dir, "autumn-2026")
    ids = [item.id for _, item in spec.all_items()]
    assert "venue-map" in ids and "extra-reading" not in ids
    session = _item(spec, "session-1")
    assert session.title == "Face-to-face day 1: Birmingham, Conference Centre"
    assert session.url == "https://example.org/venues/birmingham"


def test_online_cohort_gets_live_sessions_and_no_venue_items(spec_dir):
    spec = load_spec(spec_dir, "spring-2027")
    ids = [item.id for _, item in spec.all_items()]
    assert "venue-map" not in ids
    assert "extra-reading" in ids  # optional, and this cohort includes it
    session = _item(spec, "session-1")
    assert session.title == "Live online session 1"
    assert session.url == "https://meet.example.org/session-1"


def test_desired_snapshots_differ_only_where_the_cohorts_do(spec_dir):
    _, autumn = sync.load(spec_dir, "autumn-2026")
    _, spring = sync.load(spec_dir, "spring-2027")
    assert {str(r.address) for r in autumn} ^ {str(r.address) for r in spring} == {
        "module_item.venue-map",
        "module_item.extra-reading",
    }


def test_a_spec_with_cohorts_loads_for_its_first_cohort_by_default(spec_dir):
    assert load_spec(spec_dir).course.name == "NPQLTD autumn 2026"


def test_relative_dates_without_cohorts_are_refused_with_file_and_line(spec_dir):
    (spec_dir / "cohorts.yaml").unlink()
    with pytest.raises(SpecError) as caught:
        load_spec(spec_dir)
    [problem] = caught.value.problems
    assert str(problem).startswith("course.yaml:")
    assert "count from a cohort's start, but there is no cohorts.yaml" in problem.message


def test_cohorts_yaml_problems_name_file_and_line(spec_dir):
    (spec_dir / "cohorts.yaml").write_text(
        "cohorts:\n"
        "  - name: autumn-2026\n"
        "    course: 12ab\n"
        "    start: 2026-13-05\n"
        "    delivery: hybrid\n"
        "    startt: 2026-10-05\n"
        "  - name: autumn-2026\n"
        "    course: 7\n"
        "    start: 2026-10-05\n"
        "    exclude: [no-such-item]\n"
        "    overrides:\n"
        "      session-1:\n"
        "        colour: red\n"
    )
    with pytest.raises(SpecError) as caught:
        sync.load_cohorts(spec_dir)
    text = str(caught.value)
    assert "cohorts.yaml:3:13: '12ab' is not a course" in text
    assert "cohorts.yaml:4:" in text and "must be a day like 2026-10-05" in text
    assert "cohorts.yaml:5:" in text and "hybrid" in text
    assert "cohorts.yaml:6:5: unknown key 'startt'" in text and "Did you mean 'start'?" in text
    assert "cohorts.yaml:7:" in text and "duplicate cohort name 'autumn-2026'" in text


def test_cohort_overrides_and_ids_are_checked_against_the_spec(spec_dir):
    (spec_dir / "cohorts.yaml").write_text(
        "cohorts:\n"
        "  - name: autumn-2026\n"
        "    course: 7\n"
        "    start: 2026-10-05\n"
        "    exclude: [no-such-item]\n"
        "    overrides:\n"
        "      session-1:\n"
        "        colour: red\n"
        "        url: not-a-url\n"
    )
    with pytest.raises(SpecError) as caught:
        load_spec(spec_dir, "autumn-2026")
    text = str(caught.value)
    assert "cohorts.yaml:2: cohort 'autumn-2026' names 'no-such-item'" in text
    assert "cohorts.yaml:8:9: 'colour' cannot be changed for link 'session-1'" in text
    assert "cohorts.yaml:9:14: 'url' must be an absolute http(s) URL" in text


def test_unknown_cohort_name_is_an_input_error(spec_dir):
    with pytest.raises(SpecError, match="no cohort named 'winter'"):
        load_spec(spec_dir, "winter")


def _event(spec, event_id):
    return next(event for event in spec.events if event.id == event_id)


def test_face_to_face_day_becomes_a_live_online_session_in_the_online_model(spec_dir):
    blended = _event(load_spec(spec_dir, "autumn-2026"), "face-to-face-1")
    assert (blended.kind, blended.location_name) == ("face_to_face", "Teaching School Hub")
    assert blended.start_at == utc(2026, 10, 5, 8, 30)  # week 1 09:30 BST
    online = _event(load_spec(spec_dir, "spring-2027"), "face-to-face-1")
    assert online.title == "Live online session 1: Leading improvement"
    assert (online.kind, online.location_name, online.location_address) == ("webinar", None, None)
    assert online.online_url == "https://meet.example.org/s27-day-1"
    assert online.start_at == utc(2027, 3, 1, 9, 30)  # week 1 09:30 GMT


def test_an_online_cohort_needs_a_meeting_link_for_each_face_to_face_day(spec_dir):
    (spec_dir / "cohorts.yaml").write_text(
        "cohorts:\n  - name: spring-2027\n    course: 7\n    start: 2027-03-01\n"
        "    delivery: online\n"
    )
    with pytest.raises(SpecError) as caught:
        load_spec(spec_dir, "spring-2027")
    assert "event 'face-to-face-1' is face-to-face, but cohort 'spring-2027' is online" in str(
        caught.value
    )


def test_for_each_cohort_isolates_failures_keeps_order_and_bounds_concurrency(spec_dir):
    import threading

    cohorts = sync.load_cohorts(spec_dir) * 3  # six runs
    active, peak, lock = [0], [0], threading.Lock()
    gate = threading.Barrier(2, timeout=5)

    def work(cohort):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            gate.wait()  # two run at once, or this times out
            if cohort.name == "spring-2027":
                raise RuntimeError(f"{cohort.name} failed")
            return cohort.name.upper()
        finally:
            with lock:
                active[0] -= 1

    outcomes = sync.for_each_cohort(cohorts, work, parallel=2)
    assert [o.item.name for o in outcomes] == [c.name for c in cohorts]
    assert [o.result for o in outcomes if o.ok] == ["AUTUMN-2026"] * 3
    assert [str(o.error) for o in outcomes if not o.ok] == ["spring-2027 failed"] * 3
    assert peak[0] == 2


def test_cohorts_json_schema_accepts_the_npqltd_cohorts_and_rejects_mistakes():
    import jsonschema
    import yaml

    from canvas_npq.spec.schema import cohorts_json_schema

    schema = cohorts_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    shipped = Path(__file__).parents[2] / "course_spec" / "npqltd" / "cohorts.yaml"
    # An editor sees the YAML's text; dates stay strings there.
    data = yaml.load(shipped.read_text(), Loader=yaml.BaseLoader)
    jsonschema.validate(data, schema)
    data["cohorts"][0]["delivery"] = "hybrid"
    with pytest.raises(jsonschema.ValidationError, match="'hybrid' is not one of"):
        jsonschema.validate(data, schema)
