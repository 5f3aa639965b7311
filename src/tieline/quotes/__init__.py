"""Quote finding and attribution: speakers (``speakers``), quoted text (``direct``) and
reported speech (``indirect``). The stage itself is ``tieline.stages.quotes``.
"""
