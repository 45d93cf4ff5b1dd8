"""podium.convert.pipeline."""
