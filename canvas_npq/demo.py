"""``make demo``: the NPQLTD spec applied to a local Canvas sandbox, start to finish.

Starts the sandbox on a free loopback port and, with an account admin's token (as a
provider's Canvas admin would), creates an empty course for each cohort of
``cohorts.yaml`` (with the SIS id it names); the sandbox enrols its teacher in each. Then
it runs, with that teacher's token (the token the admins' guide tells providers to use), the
commands a provider runs against their own Canvas: ``validate``, ``plan --all-cohorts``,
``apply --all-cohorts --yes`` and ``plan`` again, which finds nothing to do. A spec
without cohorts gets one course and ``--course``.
"""

from __future__ import annotations

import os
import shlex
import sys

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.courses import create_course
from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from canvas_npq.spec import load_spec
from canvas_npq.spec.cohorts import load_cohorts

TOKEN = "demo-sandbox-token"  # the account admin's: creates the courses
TEACHER_TOKEN = "demo-teacher-token"  # the teacher's: plans and applies


def run(args: list[str]) -> int:
    print(f"\n$ canvas-npq {shlex.join(args)}", flush=True)
    try:
        cli.main(args=args, prog_name="canvas-npq", standalone_mode=False)
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def main(argv: list[str]) -> int:
    spec = argv[0] if argv else "course_spec/npqltd"
    with Sandbox(token=TOKEN, teacher_token=TEACHER_TOKEN).start() as sandbox:
        print(f"Started a local Canvas sandbox at {sandbox.url} (it stops when the demo ends).")
        conn = Connection(CanvasConfig(sandbox.url, TOKEN))
        cohorts = load_cohorts(spec)
        os.environ["CANVAS_API_URL"] = sandbox.url
        os.environ["CANVAS_API_TOKEN"] = TEACHER_TOKEN
        if cohorts:
            for cohort in cohorts:
                spec_for = load_spec(spec, cohort).course
                sis_id = str(cohort.course).removeprefix("sis_course_id:")
                course_id = create_course(
                    conn, 1, spec_for.name, spec_for.course_code, sis_course_id=sis_id
                )
                print(
                    f"An admin created an empty course for cohort {cohort.name}: id "
                    f"{course_id} (SIS id {sis_id}), with the teacher enrolled."
                )
            target = ["--all-cohorts"]
        else:
            course_id = create_course(conn, 1, "NPQLTD autumn 2026 cohort", "NPQLTD-A26")
            print(f"An admin created an empty course: id {course_id}, with the teacher enrolled.")
            target = ["--course", str(course_id)]
        print("The commands below run with the teacher's token.")
        steps = [
            ["validate", spec],
            ["plan", spec, *target],
            ["apply", spec, *target, "--yes"],
            ["plan", spec, *target, "--detailed-exitcode"],
        ]
        for step in steps:
            code = run(step)
            if code != 0:
                print(f"\nThe demo stopped: `canvas-npq {step[0]}` exited with {code}.")
                return code
        writes = len(sandbox.writes())
        print(
            f"\nDone. The sandbox saw {len(sandbox.requests)} requests ({writes} writes). "
            "The second plan found nothing to do: every course matches the spec."
        )
        print(
            "To do the same against your Canvas: set CANVAS_API_URL and CANVAS_API_TOKEN, then "
            f"run `canvas-npq plan {spec} --all-cohorts` and `canvas-npq apply {spec} "
            "--all-cohorts` (or --cohort NAME, or --course ID)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
