"""Blueprint migration details: a child's local edits survive a sync and are reported."""

from __future__ import annotations

from canvasapi import Canvas

from .conftest import Http


def _setup(canvas: Canvas):
    account = canvas.get_account(1)
    blueprint = account.create_course(course={"name": "NPQ Blueprint"})
    blueprint.update(course={"blueprint": True})
    kids = [account.create_course(course={"name": f"Cohort {n}"}) for n in (1, 2)]
    template = blueprint.get_blueprint()
    template.update_associated_courses(course_ids_to_add=[k.id for k in kids])
    return blueprint, kids, template


def test_migration_completes_but_skips_a_locally_edited_copy(canvas: Canvas, http: Http) -> None:
    blueprint, (first, second), template = _setup(canvas)
    page = blueprint.create_page(wiki_page={"title": "Reading", "body": "<p>v1</p>"})
    migration = template.associated_course_migration()
    base = f"/courses/{blueprint.id}/blueprint_templates/default/migrations"
    initial = http.get(f"{base}/{migration.id}/details").json()
    assert [(r["asset_type"], r["change_type"], r["exceptions"]) for r in initial] == [
        ("wiki_page", "created", [])
    ]

    first.get_page("reading").edit(wiki_page={"body": "<p>our own version</p>"})
    page.edit(wiki_page={"body": "<p>v2</p>"})
    migration = template.associated_course_migration()
    assert http.get(f"{base}/{migration.id}").json()["workflow_state"] == "completed"
    [record] = http.get(f"{base}/{migration.id}/details").json()
    assert (record["asset_name"], record["change_type"]) == ("Reading", "updated")
    assert record["exceptions"] == [
        {"course_id": first.id, "conflicting_changes": ["content"], "name": "Cohort 1"}
    ]
    assert "our own version" in first.get_page("reading").body  # kept
    assert "v2" in second.get_page("reading").body  # synced


def test_restricted_items_are_synced_over_local_edits(canvas: Canvas, http: Http) -> None:
    blueprint, (first, _), template = _setup(canvas)
    page = blueprint.create_page(wiki_page={"title": "Locked", "body": "<p>v1</p>"})
    template.associated_course_migration()
    first.get_page("locked").edit(wiki_page={"body": "<p>local</p>"})
    template.change_blueprint_restrictions("wiki_page", page.page_id, True)
    page.edit(wiki_page={"body": "<p>v2</p>"})
    migration = template.associated_course_migration()
    base = f"/courses/{blueprint.id}/blueprint_templates/default/migrations"
    [record] = http.get(f"{base}/{migration.id}/details").json()
    assert record["exceptions"] == [] and record["locked"] is True
    assert "v2" in first.get_page("locked").body
