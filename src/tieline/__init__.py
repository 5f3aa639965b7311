"""tieline: who stands with whom in international news, each finding traced to its sentence.

Importing tieline loads nothing heavy: stages and models load on first use.
"""

from .api import analyze, ingest, open, sample_path
from .errors import ConfigError, InputError, ModelError, PipelineError, StoreError, TielineError
from .ingest import ReadOptions, read
from .pipeline import DocStage, Pipeline, RunReport, Stage
from .registry import default_pipeline
from .store import Store
from .types import SCHEMA_VERSION, Doc, Problem, RawArticle, ReadError, Removed, Repair, Sentence

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "ConfigError",
    "Doc",
    "DocStage",
    "InputError",
    "ModelError",
    "Pipeline",
    "PipelineError",
    "Problem",
    "RawArticle",
    "ReadError",
    "ReadOptions",
    "Removed",
    "Repair",
    "RunReport",
    "Sentence",
    "Stage",
    "Store",
    "StoreError",
    "TielineError",
    "analyze",
    "default_pipeline",
    "ingest",
    "open",
    "read",
    "sample_path",
]
