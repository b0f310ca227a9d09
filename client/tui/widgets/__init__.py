"""Widgets, grouped by feature (cases/, case/, directory/, sync/) plus a few shared ones."""
