"""The sdist carries what its tests read, as MANIFEST.in says (python -m pytest runs from an unpacked sdist): every
checkout file a test names, and every file a Markdown page in it links to (test_doc_links checks those links).
Before this test the sdist left out CONTRIBUTING.md (test_vectors' COUNTS), benchmarks/ (the committed runs that
test_bench_arithmetic and test_readme_benchmarks read) and .ci/ (CONTRIBUTING's links): 11 tests failed there."""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib

import pytest

from tests.doc_phrases import ROOT
from tests.test_doc_links import targets
from tests.test_mutation_parts import files_named

#: What a checkout may hold beside its tracked files (caches, builds, runs): not copied to build the sdist from.
UNTRACKED = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "runs",
                                   "bench-results", "target", "build", "dist")


def sdist_files(tmp_path: pathlib.Path) -> set[str]:
    """The paths (from the project's root) of the sdist setuptools builds from a copy of the checkout."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=UNTRACKED)
    build = f"from setuptools import build_meta; build_meta.build_sdist({str(tmp_path)!r})"
    subprocess.run([sys.executable, "-c", build], cwd=source, check=True, capture_output=True, timeout=300)
    (archive,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        return {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    # pyproject's build backend, which the test extra brings (a fresh venv has 65.5, or none from Python 3.12)
    pytest.importorskip("setuptools", minversion="77")
    return sdist_files(tmp_path_factory.mktemp("sdist"))


def linked(files: set[str]) -> dict[str, str]:
    """{path from the root: the page that links to it} for every relative link of the sdist's Markdown pages."""
    paths = {}
    for page in (name for name in files if name.endswith(".md")):
        for target in targets((ROOT / page).read_text(encoding="utf-8")):
            file = target.partition("#")[0]
            if file and not re.match(r"[a-z]+:", file):
                path = (pathlib.PurePosixPath(page).parent / file).as_posix()
                path = str(pathlib.PurePosixPath(*[p for p in path.split("/") if p not in ("", ".")]))
                while "/../" in f"/{path}":
                    path = re.sub(r"(^|/)[^/]+/\.\.(/|$)", r"\1", path, count=1)
                paths[path] = page
    return paths


def read_by_tests(files: set[str]) -> set[tuple[str, str]]:
    """(path, the test file that names it) for every file each of the sdist's test files names."""
    return {(path, test) for test in files if re.fullmatch(r"tests/test_\w+\.py", test)
            for path in files_named((ROOT / test).read_text(encoding="utf-8"))}


def test_the_sdist_holds_every_file_its_tests_and_its_pages_links_read(sdist: set[str]) -> None:
    folders = {str(pathlib.PurePosixPath(name).parent) for name in sdist}
    missing = {f"{test} reads {path}" for path, test in read_by_tests(sdist) if path not in sdist}
    missing |= {f"{page} links to {path}" for path, page in linked(sdist).items()
                if path.rstrip("/") not in sdist | folders}
    assert not missing, "add these to MANIFEST.in:\n" + "\n".join(sorted(missing))


def test_the_sdist_holds_no_image_that_no_test_reads_and_no_page_shows(sdist: set[str]) -> None:
    """graft benchmarks took every committed run's plots (2.3 MB of PNG, the sdist from 0.6 MB to 3.5 MB) for the
    three the README shows."""
    shown = set(linked(sdist)) | {path for path, _ in read_by_tests(sdist)}
    unread = sorted(name for name in sdist if name.endswith(".png") and name not in shown)
    assert not unread, "leave these out of the sdist (MANIFEST.in):\n" + "\n".join(unread)


def test_the_test_extra_brings_the_build_backend_the_sdist_test_needs() -> None:
    """pip builds in isolation, so only the test extra puts setuptools (>= 77: pyproject's PEP 639 license) in the
    venv: a fresh one has 65.5 (Python 3.11's ensurepip) or none (3.12 and later), and the test above was skipped
    in every fresh `make test`, CI's (.ci/run) too."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(pyproject["build-system"]["requires"]) <= set(pyproject["project"]["optional-dependencies"]["test"])
