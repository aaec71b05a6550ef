"""Where the layers meet: core is a leaf that no domain knowledge flows into."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from core import scope

ROOT = Path(__file__).resolve().parent.parent

# The project's own apps, installed or on their way in, besides core.
PROJECT_APPS = {
    "accounts",
    "audit",
    "geography",
    "programme",
    "registration",
    "development",
    "activities",
    "committees",
    "assessment",
    "certification",
    "certified",
    "reports",
    "documents",
    "frameworks",
    "demo",
} | {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir() and app != "core"}


def imported_modules(tree: ast.AST):
    for node in ast.walk(tree):  # inside functions too
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def test_core_imports_no_project_app():
    offences = []
    for path in sorted((ROOT / "core").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for lineno, module in imported_modules(tree):
            if module.split(".")[0] in PROJECT_APPS:
                offences.append(f"{path.relative_to(ROOT)}:{lineno} imports {module}")
    assert offences == []


def test_the_import_check_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from assessment.models import RoundUnit\n")
    assert [m for _, m in imported_modules(tree)] == ["assessment.models"]


def test_committee_scope_declarations_name_real_paths():
    """A misspelt path would only fail when a committee member opens that page."""
    declared = 0
    for model in apps.get_models():
        for attribute in ("scope_committee_path", "scope_committee_unit_path"):
            path = getattr(model, attribute, None)
            if path is not None and path != "self":
                scope._is_many_valued(model, path)  # raises TypeError on an unknown field
                declared += 1
    assert declared >= 10


def test_an_unknown_committee_scope_path_is_refused():
    from registration.models import Unit

    for path in ("nowhere", "name__district"):
        with pytest.raises(TypeError):
            scope._is_many_valued(Unit, path)
    assert scope._is_many_valued(Unit, "district") is False
    assert scope._is_many_valued(Unit, "assessment_entries__round") is True


# --- tests that cannot drift: no test module leans on another ----------------------------------

# What a test module may import from the tests package: fixtures live in conftest.py (pytest
# finds them without an import), helpers in factories.py.
SHARED_TEST_MODULES = {"tests.conftest", "tests.factories"}


def imports_from_tests_package(tree: ast.AST):
    """(line, module) of every import of a module of the tests package, inside functions too,
    relative imports (`from .test_x import y`, `from . import test_x`) resolved."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "tests" if node.level else ""
            base = ".".join(filter(None, [base, node.module]))
            # `from tests import test_x` and `from . import test_x` import the module test_x.
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "tests" and len(parts) > 1:
                found.add((node.lineno, ".".join(parts[:2])))
    return sorted(found)


def test_no_test_module_imports_another():
    """A fixture or helper borrowed from another test module changes when that module's tests
    change, and an autouse fixture imported with it silently applies here too."""
    offences = []
    paths = sorted((ROOT / "tests").glob("test_*.py"))
    assert len(paths) > 30
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for lineno, module in imports_from_tests_package(tree):
            if module not in SHARED_TEST_MODULES:
                offences.append(f"tests/{path.name}:{lineno} imports {module}")
    assert offences == []


@pytest.mark.parametrize(
    "source, offending",
    [
        ("from tests.test_assessment import entry\n", True),
        ("import tests.test_browser\n", True),
        ("from tests import test_browser\n", True),
        ("from .test_announcement import values\n", True),
        ("from . import test_activities\n", True),
        ("def f():\n    from tests.test_certification import certify\n", True),
        ("from tests.factories import make_unit\n", False),
        ("from tests.conftest import PASSWORD\n", False),
        ("from . import factories\n", False),
        ("from testsuite.test_x import y\n", False),
    ],
)
def test_the_test_import_check_sees_every_form(source, offending):
    found = {module for _, module in imports_from_tests_package(ast.parse(source))}
    assert bool(found - SHARED_TEST_MODULES) is offending, found
