"""Every design document the code cites is in the repository, and every section it cites exists.

Comments cite `docs/<name>.md`, rules as `docs/security.md §11` and sections as
`docs/domain.md §6` (see docs/README.md). A citation of a file or a section that is not there
points a newcomer at nothing, so it fails here.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# What is scanned: the project's own text files, not the virtualenv, caches or runtime data.
SKIP_DIRS = {".venv", ".git", "var", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache"}
SUFFIXES = {".py", ".html", ".typ", ".md", ".txt", ".toml", ".cfg", ".ini", ".sh", ".yml", ".yaml"}
NAMES = {"Makefile"}

CITED_FILE = re.compile(r"docs/[a-z_]+\.md")
# "docs/security.md §11", "docs/security.md §3, §19", "docs/domain.md §1–§9".
CITED_SECTIONS = re.compile(
    r"docs/(?P<file>[a-z_]+\.md)\s+(?P<sections>§\d+(?:\s*(?:,|and|–|-|/)\s*§\d+)*)"
)
# 'docs/documents.md "Order"': a section named by its heading.
CITED_HEADING = re.compile(r'docs/(?P<file>[a-z_]+\.md) "(?P<heading>[^"]+)"')
NUMBERED_HEADING = re.compile(r"^#{2,4} §(\d+)\b", re.MULTILINE)
HEADING = re.compile(r"^#{1,4} (.+)$", re.MULTILINE)


def _project_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file() and (path.suffix in SUFFIXES or path.name in NAMES):
            files.append(path)
    return files


def _citations(pattern: re.Pattern[str]) -> list[tuple[str, re.Match[str]]]:
    """(file:line, match) for every match of `pattern` in the project's files."""
    found = []
    for path in _project_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{path.relative_to(ROOT)}:{line}", match))
    return found


def _numbered_sections(name: str) -> set[int]:
    return {int(n) for n in NUMBERED_HEADING.findall((DOCS / name).read_text(encoding="utf-8"))}


def test_docs_are_in_the_repository():
    for name in ("README.md", "domain.md", "security.md", "documents.md", "conventions.md"):
        assert (DOCS / name).is_file(), name


def test_every_cited_doc_exists():
    missing = [
        f"{where}: {match.group(0)}"
        for where, match in _citations(CITED_FILE)
        if not (ROOT / match.group(0)).is_file()
    ]
    assert not missing, "cited but not in docs/:\n" + "\n".join(missing)


def test_the_code_cites_the_docs():
    # The check above would pass with no citations at all.
    cited = {match.group(0) for _, match in _citations(CITED_FILE)}
    assert {"docs/security.md", "docs/domain.md", "docs/documents.md"} <= cited


def test_security_rules_keep_their_numbers():
    # Rules are numbered 1–19 as in the list the project started from, so old citations map one to one.
    assert _numbered_sections("security.md") == set(range(1, 20))


def test_domain_sections_are_numbered_in_order():
    numbers = [
        int(n) for n in NUMBERED_HEADING.findall((DOCS / "domain.md").read_text(encoding="utf-8"))
    ]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("name", ["security.md", "domain.md"])
def test_every_cited_section_exists(name):
    sections = _numbered_sections(name)
    missing = []
    for where, match in _citations(CITED_SECTIONS):
        if match.group("file") != name:
            continue
        for number in re.findall(r"§(\d+)", match.group("sections")):
            if int(number) not in sections:
                missing.append(f"{where}: {match.group(0)}")
    assert not missing, f"sections cited but not in docs/{name}:\n" + "\n".join(missing)


def test_every_cited_heading_exists():
    missing = []
    for where, match in _citations(CITED_HEADING):
        path = DOCS / match.group("file")
        if not path.is_file():
            continue  # reported by test_every_cited_doc_exists
        headings = HEADING.findall(path.read_text(encoding="utf-8"))
        if not any(h.startswith(match.group("heading")) for h in headings):
            missing.append(f"{where}: {match.group(0)}")
    assert not missing, "headings cited but not in docs/:\n" + "\n".join(missing)
