"""Evaluation harnesses: tieline's own pipeline scored against public gold data in ``../shared``.

Each harness reads the gold data where it lies (nothing is copied into the repository), runs the
same code path as ``tieline analyze`` and returns plain numbers; ``eval/floors.json`` pins the
floors the tests hold them to, and ``docs/benchmarks.md`` records what was measured.

- :mod:`tieline.evaluation.markkula`: speaker names and titles (Markkula journalistic-sourcing set).
"""
