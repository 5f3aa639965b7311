"""Actor resolution: the knowledge base (``knowledge``), names (``names``), the
per-document resolver (``resolve``), descriptions (``descriptions``) and pronouns
(``pronouns``). The stage itself is ``tieline.stages.actors``.
"""
