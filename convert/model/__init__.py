"""podium.convert.model."""
