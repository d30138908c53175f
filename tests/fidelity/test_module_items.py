"""Module items: how a completion requirement is cleared."""

from __future__ import annotations

from canvasapi.course import Course

from tests.fidelity.registry import fidelity
from tests.sandbox.conftest import Http

INVALID = {
    "errors": {
        "completion_requirement": [
            {
                "attribute": "completion_requirement",
                "type": "Invalid completion requirement type",
                "message": "Invalid completion requirement type",
            }
        ]
    }
}


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/modules/:module_id/items/:id",
    params="module_item[completion_requirement]= (blank), "
    "vs module_item[completion_requirement][type]=",
    source=["app/controllers/context_module_items_api_controller.rb"],
    canvas="set_completion_requirement clears the item's requirement only when "
    "params[:module_item][:completion_requirement] is blank; a hash whose type is not one "
    "of the known types (a blank type included) adds 'Invalid completion requirement "
    "type' to the tag's errors and update renders them with 400",
    sandbox="the same: a blank parameter clears, {type: ''} or an unknown type is 400 with "
    "that error under completion_requirement and the requirement is kept",
    client="the writer sends module_item[completion_requirement]= (blank) to clear it",
)
def test_only_a_blank_parameter_clears_a_completion_requirement(http: Http, course: Course) -> None:
    module = course.create_module(module={"name": "Block 1"})
    page = course.create_page(wiki_page={"title": "Unit 1"})
    item = module.create_module_item(
        module_item={
            "type": "Page",
            "page_url": page.url,
            "completion_requirement": {"type": "must_view"},
        }
    )
    path = f"/courses/{course.id}/modules/{module.id}/items/{item.id}"

    refused = http.put(path, data={"module_item[completion_requirement][type]": ""})
    assert refused.status_code == 400
    assert refused.json() == INVALID
    assert http.get(path).json()["completion_requirement"] == {"type": "must_view"}

    cleared = http.put(path, data={"module_item[completion_requirement]": ""})
    assert cleared.status_code == 200
    assert "completion_requirement" not in cleared.json()
    assert "completion_requirement" not in http.get(path).json()
