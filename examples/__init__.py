"""podium.examples: sample speeches written by the podium team for ``podium demo`` and docs."""
