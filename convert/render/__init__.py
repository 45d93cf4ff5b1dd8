"""podium.convert.render."""
