"""The code the Markdown files name exists: every `manual_backprop.x.y` and `autodiff_oracle.x.y` resolves, and every
test they cite (tests/test_x.py, test_x.py::test_name, ::test_name, `test_name`) is a file of tests/ and a test
function of it. CONTRIBUTING's tables say which test goes red when a step is left out; a test renamed since would
send the reader looking for nothing. The other way round, the README names every column of verify's tables."""

from __future__ import annotations

import importlib
import re

from tests.doc_phrases import ROOT
from tests.test_doc_links import DOCUMENTS

DOTTED = re.compile(r"\b(?:manual_backprop|autodiff_oracle)(?:\.[A-Za-z_]\w*)+")
#: A test file, with one test of it or none: tests/test_x.py, test_x.py::test_name[id]; or ::test_name alone.
TEST_FILE = re.compile(r"\b(?:tests/)?(test_\w+)\.py(?:::(test_\w+))?")
TEST_ALONE = re.compile(r"(?<![\w:])(?:::)?`?(test_\w+)\b(?!\.py)")
TESTS = {path.stem: path.read_text(encoding="utf-8") for path in (ROOT / "tests").glob("test_*.py")}


def defines(source: str, name: str) -> bool:
    return re.search(rf"^def {re.escape(name)}\(", source, flags=re.M) is not None


def unresolved(dotted: str) -> str | None:
    """None if dotted names a module, or an attribute path of one; else what is missing. mutmut's mutant names
    (x_function__mutmut_6, x_function*) are not code."""
    parts = dotted.split(".")
    if any(part.startswith("x_") for part in parts):
        return None
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[i:]:
            if not hasattr(obj, attribute):
                return f"{'.'.join(parts[:i])} has no {'.'.join(parts[i:])}"
            obj = getattr(obj, attribute)
        return None
    return f"no module {parts[0]}"


def wrong_tests(text: str) -> list[str]:
    """The tests text cites that tests/ does not have; a test the text defines itself (its examples') aside."""
    own = set(re.findall(r"^\s*def (test_\w+)\(", text, flags=re.M))
    wrong = []
    for file, name in TEST_FILE.findall(text):
        if file not in TESTS:
            wrong.append(f"no tests/{file}.py")
        elif name and not defines(TESTS[file], name):
            wrong.append(f"tests/{file}.py has no {name}")
    for name in set(TEST_ALONE.findall(TEST_FILE.sub("", text))) - own - set(TESTS):   # a file without .py
        if not any(defines(source, name) for source in TESTS.values()):
            wrong.append(f"no test {name} in tests/")
    return wrong


def test_every_module_and_name_the_docs_give_exists() -> None:
    wrong = [f"{path.relative_to(ROOT)}: {dotted}: {missing}" for path in DOCUMENTS
             for dotted in sorted(set(DOTTED.findall(path.read_text(encoding="utf-8"))))
             if (missing := unresolved(dotted))]
    assert not wrong, "\n".join(wrong)


def test_every_test_the_docs_cite_exists() -> None:
    wrong = [f"{path.relative_to(ROOT)}: {w}" for path in DOCUMENTS
             for w in wrong_tests(path.read_text(encoding="utf-8"))]
    assert not wrong, "the docs cite tests that tests/ does not have:\n" + "\n".join(wrong)


def test_the_checks_read_each_form_the_docs_use() -> None:
    text = ("`tests/test_spec.py::test_no_such_test`, `test_nope.py`, `::test_gone_too`, "
            "`test_spec.py::test_the_registries_of_both_implementations_name_exactly_the_specs_activations_and_losses`"
            "[x], `test_vectors.py` and `test_my_own` of\n```python\ndef test_my_own(problem):\n    pass\n```\n")
    assert sorted(wrong_tests(text)) == ["no test test_gone_too in tests/", "no tests/test_nope.py",
                                         "tests/test_spec.py has no test_no_such_test"]
    assert unresolved("manual_backprop.metrics.learning_rate_bound") is None
    assert unresolved("autodiff_oracle.compare.x_scaled_errors") is None
    assert unresolved("manual_backprop.metrics.no_such_bound") == "manual_backprop.metrics has no no_such_bound"


def test_the_readme_describes_every_column_of_verify_s_tables() -> None:
    """The README's `make verify` item names each column the two tables print, in backticks: it gave cases, worst
    scaled error and result, and no word of the rtol column."""
    from manual_backprop.commands.verify import HIDDEN_COLUMNS, OUTPUT_COLUMNS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    item = re.search(r"^- `make verify` prints .*?(?=^- |^$)", readme, flags=re.M | re.S)
    assert item, "the README has no item '- `make verify` prints ...'"
    said = " ".join(item[0].split())
    missing = [column for column in dict.fromkeys((*OUTPUT_COLUMNS, *HIDDEN_COLUMNS)) if f"`{column}`" not in said]
    assert not missing, f"the README's `make verify` item does not describe the columns {missing}"
