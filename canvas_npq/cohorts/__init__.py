"""Cohorts: one spec, several Canvas courses (``cohorts.yaml``), run side by side."""
