"""The apps' one-way dependencies (pyproject.toml's import contracts, docs/architecture.md)."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["config", "core", "authors", "blog", "comments", "following", "importing"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=project, capture_output=True, text=True, check=False
    )


@pytest.fixture
def project_copy(tmp_path):
    """The project's packages and contracts in a folder of their own, to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_line(path, line):
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        ("core/slugs.py", "from comments.models import Comment", "core.slugs -> comments.models"),
        ("authors/models.py", "from blog.models import Post", "authors.models -> blog.models"),
        ("blog/feeds.py", "from comments import page", "blog.feeds -> comments.page"),
    ],
)
def test_an_import_against_the_direction_breaks_the_contract(project_copy, module, line, reported):
    add_line(project_copy / module, f"{line}  # noqa")
    result = lint_imports(project_copy)
    assert result.returncode == 1
    assert "Apps depend one way BROKEN" in result.stdout
    assert reported in result.stdout


def test_an_import_inside_a_function_that_closes_a_circle_breaks_the_contract(project_copy):
    add_line(
        project_copy / "blog" / "models.py", "def _views():\n    from blog import views  # noqa"
    )
    result = lint_imports(project_copy)
    assert result.returncode == 1
    assert "No import circle, imports inside functions too BROKEN" in result.stdout


def _calls_of(name, path):
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    ]


def test_apps_retire_cached_pages_only_from_their_topics_modules():
    """Apps change what readers see through their query sets and signals; what a change
    retires is said in one module per app (blog/topics.py), never in a view or a form."""
    callers = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in PACKAGES
        if package != "core"
        for path in (ROOT / package).rglob("*.py")
        if path.name != "topics.py"
        for name in ("retire", "retire_everything")
        for line in _calls_of(name, path)
    ]
    assert callers == []
