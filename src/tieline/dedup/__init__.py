"""Copies and stories: fingerprints, sentence alignment, the copy index, story clustering.

The ``dedup`` stage (``tieline.stages.dedup``) calls these; see docs/dedup.md.
"""
