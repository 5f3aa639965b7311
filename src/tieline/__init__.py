"""tieline: who stands with whom in international news, each finding traced to its sentence.

Importing tieline runs nothing and loads nothing heavy: each public name is
imported from its module on first use, and stages and models load when a
pipeline first needs them.

    >>> import tieline
    >>> report = tieline.readers([tieline.sample_path()], db="tieline.db")  # doctest: +SKIP
"""

from importlib import import_module as _import_module

__version__ = "0.1.0"

_EXPORTS = {
    "analyze": "api",
    "ingest": "api",
    "open": "api",
    "merge": "api",
    "ParquetDataset": "api",
    "sample_path": "api",
    "read": "readers",
    "ReadOptions": "readers",
    "default_pipeline": "registry",
    "DocStage": "pipeline",
    "Pipeline": "pipeline",
    "RunReport": "pipeline",
    "Stage": "pipeline",
    "Store": "store",
    "SCHEMA_VERSION": "types",
    "Doc": "types",
    "Problem": "types",
    "RawArticle": "types",
    "ReadError": "types",
    "Removed": "types",
    "Repair": "types",
    "Sentence": "types",
    "TielineError": "errors",
    "ConfigError": "errors",
    "InputError": "errors",
    "ModelError": "errors",
    "PipelineError": "errors",
    "StoreError": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'tieline' has no attribute {name!r}")
    value = getattr(_import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
