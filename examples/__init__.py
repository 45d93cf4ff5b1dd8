"""podium.examples: sample speeches written by the podium team for ``podium demo`` and docs.

``sample-address.txt`` is an invented address (no real speaker, a future date) with its
sidecar ``sample-address.meta.json`` naming the invented speaker and a sample symbol.
"""
