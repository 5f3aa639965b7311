"""Paths, folders, links, permissions, ordering and unknown files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


from tieline.readers import read
from tieline.readers import paths as ingest_paths
from tieline.types import RawArticle, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
FOLDER = FIXTURES / "folder"


def sources(results):
    return [r.source for r in results]


def test_folder_is_walked_sorted_skipping_hidden_and_non_articles():
    results = list(read([FOLDER]))
    assert sources(results) == [
        os.path.join(FOLDER, "a_brief.txt"),
        os.path.join(FOLDER, "notes"),  # no extension: sniffed as text
        os.path.join(FOLDER, "sub", "b_page.html"),
    ]
    assert [r.format for r in results] == ["text", "text", "html"]


def test_order_is_stable_across_calls_and_follows_the_arguments():
    args = [FIXTURES / "world.atom", FOLDER, FIXTURES / "plain.txt"]
    first = sources(read(args))
    assert first == sources(read(args))
    assert first[0].startswith(str(FIXTURES / "world.atom"))
    assert first[-1] == str(FIXTURES / "plain.txt")


def test_skipped_extension_is_read_when_named():
    (error,) = list(read([FOLDER / "pixel.png"]))
    assert str(error).startswith(f"{FOLDER / 'pixel.png'}: binary file, not text: looks like a PNG image")
    (css,) = list(read([FOLDER / "style.css"]))
    assert isinstance(css, RawArticle)  # named explicitly: always read


def test_missing_file():
    (error,) = list(read([FIXTURES / "no-such-file.txt"]))
    assert str(error) == f"{FIXTURES / 'no-such-file.txt'}: no such file or folder (check the path)"


def test_missing_file_does_not_stop_the_batch():
    results = list(read([FIXTURES / "nope.txt", FIXTURES / "plain.txt"]))
    assert [type(r) for r in results] == [ReadError, RawArticle]


def test_empty_folder(tmp_path):
    (error,) = list(read([tmp_path]))
    assert error.source == str(tmp_path)
    assert error.message == "folder has no files to read"


def test_symlink_loop_ends(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "story.txt").write_text("Envoys met in Lima.\n", encoding="utf-8")
    (tmp_path / "docs" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "docs" / "self").symlink_to(tmp_path / "docs", target_is_directory=True)
    results = list(read([tmp_path]))
    docs = tmp_path / "docs"
    assert sources(results) == [str(docs / "loop"), str(docs / "self"), str(docs / "story.txt")]
    loops = [r for r in results if isinstance(r, ReadError)]
    assert [r.reason for r in loops] == ["symlink_loop", "symlink_loop"]
    assert str(loops[0]) == (f"{docs / 'loop'}: symbolic link loop: it leads back to a folder it is inside; "
                             "not followed (fix or remove the link)")


def test_second_link_to_a_folder_is_read_once(tmp_path):
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "story.txt").write_text("Envoys met in Lima.\n", encoding="utf-8")
    (tmp_path / "latest").symlink_to(tmp_path / "2024", target_is_directory=True)
    assert sources(read([tmp_path])) == [str(tmp_path / "2024" / "story.txt")]


def test_broken_symlink(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (error,) = list(read([tmp_path / "gone.txt"]))
    assert str(error) == f"{tmp_path / 'gone.txt'}: broken symbolic link: its target does not exist (fix or remove the link)"


def test_file_symlink_loop(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (error,) = list(read([tmp_path / "a.txt"]))
    assert str(error) == f"{tmp_path / 'a.txt'}: symbolic link loop (fix or remove the link)"


def test_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("Classified cable.\n", encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make open() refuse as the OS would for others
        def refuse(name, *args, **kwargs):
            raise PermissionError(13, "Permission denied", name)

        monkeypatch.setattr(ingest_paths, "open", refuse, raising=False)
    (error,) = list(read([path]))
    assert str(error) == f"{path}: permission denied (check the file's permissions)"


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(folder):  # root lists any folder: refuse as the OS would for others
        if str(folder) == str(locked):
            raise PermissionError(13, "Permission denied", str(folder))
        return real_scandir(folder)

    monkeypatch.setattr(ingest_paths.os, "scandir", scandir)
    (error,) = list(read([tmp_path]))
    assert error.source == str(locked)
    assert str(error) == f"{locked}: cannot list the folder: Permission denied (check its permissions)"


def test_gz_inside_folder_is_read_and_archives_are_skipped(tmp_path):
    shutil.copy(FIXTURES / "story.txt.gz", tmp_path / "story.txt.gz")
    (tmp_path / "bundle.zip").write_bytes(b"PK\x03\x04" + bytes(30))
    assert sources(read([tmp_path])) == [str(tmp_path / "story.txt.gz")]


def test_paths_may_be_strings_or_path_objects():
    assert sources(read([str(FIXTURES / "plain.txt")])) == sources(read([FIXTURES / "plain.txt"]))


def test_unknown_json_and_xml_formats():
    (error,) = list(read([FIXTURES / "unknown.xml"]))
    assert error.fix == "give a .txt, .html, .jsonl, .warc, RSS/Atom .xml or JSON Feed .json file"


def test_pipe_named_as_a_path(tmp_path):
    # like `tieline read <(zcat news.warc.gz)`: a path that cannot seek back
    read_end, write_end = os.pipe()
    os.write(write_end, (FIXTURES / "news.warc.gz").read_bytes())
    os.close(write_end)
    try:
        results = list(read([f"/dev/fd/{read_end}"]))
    finally:
        os.close(read_end)
    assert [r.source for r in results] == [f"/dev/fd/{read_end}#2", f"/dev/fd/{read_end}#5"]


def test_fifo_in_a_folder_is_skipped(tmp_path):
    os.mkfifo(tmp_path / "queue")
    (tmp_path / "story.txt").write_text("Envoys met in Accra.\n", encoding="utf-8")
    assert sources(read([tmp_path])) == [str(tmp_path / "story.txt")]
