"""``make bench``: canvas-npq at Canvas's latency (see ``run.py``)."""
