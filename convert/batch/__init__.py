"""podium.convert.batch."""
