"""``python -m canvas_npq``: the same command as ``canvas-npq``."""

from canvas_npq.cli.main import main

if __name__ == "__main__":
    main()
