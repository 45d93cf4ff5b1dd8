"""podium.convert.pdf."""
