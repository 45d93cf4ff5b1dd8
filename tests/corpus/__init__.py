"""Corpus runs: real speeches no one on the team wrote, converted end to end."""
