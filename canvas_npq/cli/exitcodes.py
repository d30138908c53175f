"""Exit codes, documented in docs/provider-admins.md ("Exit codes"). Anything but 0 and
2 means the run failed."""

OK = 0
INPUT_ERROR = 1  # the spec, a plan file or the command line is wrong; nothing was sent
CHANGES = 2  # plan --detailed-exitcode: the course differs from the spec
AUTH_ERROR = 3  # Canvas refused the token
PARTIAL_APPLY = 4  # apply stopped part-way; re-run apply to finish
CANVAS_ERROR = 5  # Canvas failed or could not be reached; nothing was changed
LOCK_HELD = 6  # another apply holds the course's lock; nothing was changed
STALE_PLAN = 7  # apply PLANFILE: the course changed since the plan was made; nothing was changed
PERMISSION_DENIED = 8  # permission refused: the token's user may not do this
PLAN_REFUSED = 9  # apply PLANFILE: edited, or asks for what canvas-npq never does; nothing changed
USAGE = 64  # the command line is wrong (unknown option, missing --course); nothing was sent
INTERRUPTED = 130  # a second Ctrl-C: stopped at once (run apply again to finish)
