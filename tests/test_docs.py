"""The documentation covers every command, option, field and reason (datasette's habit)."""

from __future__ import annotations

import dataclasses
import types
from pathlib import Path

import pytest

import tieline
from tieline.cli import cli
from tieline.resources import table
from tieline.types import Doc

DOCS = Path(__file__).resolve().parents[1] / "docs"


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def all_commands(group=cli, prefix=""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if hasattr(command, "commands"):
            yield from all_commands(command, f"{prefix}{name} ")


COMMANDS = dict(all_commands())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented_with_an_example(name):
    assert f"## `tieline {name}" in read("cli.md")
    assert "Example:" in COMMANDS[name].help


@pytest.mark.parametrize(
    "option", sorted({opt for command in COMMANDS.values() for param in command.params for opt in getattr(param, "opts", []) if opt.startswith("--")})
)
def test_every_option_is_documented(option):
    assert f"`{option}" in read("cli.md")


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Doc) if not f.metadata.get("transient")])
def test_every_document_field_is_in_the_schema(field):
    assert f"| `{field}` |" in read("schema.md")


@pytest.mark.parametrize("reason", sorted({row["reason"] for row in table("junk.tsv")}))
def test_every_junk_reason_is_documented(reason):
    assert f"`{reason}`" in read("cleaning.md")


@pytest.mark.parametrize("kind", [row["kind"] for row in table("repairs.tsv")])
def test_every_repair_is_documented(kind):
    assert f"`{kind}`" in read("cleaning.md")


def test_public_surface_is_exactly_all():
    for name in tieline.__all__:
        assert getattr(tieline, name) is not None
    public = {name for name in dir(tieline) if not name.startswith("_")}
    assert {name for name in public if not isinstance(getattr(tieline, name), types.ModuleType)} == set(tieline.__all__)


def test_readme_opens_with_the_two_commands():
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
