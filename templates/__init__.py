"""podium.templates: the Jinja template sets (themes). ``default/`` is the house style."""
