"""`backprop bench --yours module:function`: your gradient function is timed beside manual on each case only
where the oracle has judged its gradients right and it has left its inputs alone; elsewhere the report says why."""

from __future__ import annotations

import json
import pathlib
import re
import sys
import textwrap

import pytest

from manual_backprop.bench import suite, yours
from manual_backprop.cli import main
from manual_backprop.targets import load
from tests.bench_fixtures import made_up_machine

FUNCTIONS = textwrap.dedent('''
    from collections.abc import Mapping

    from manual_backprop import cost_and_gradients, gradients

    def right(spec, params, X, Y):
        return gradients(spec, params, X, Y)

    def off_by_one_in_a_thousand(spec, params, X, Y):
        grads = gradients(spec, params, X, Y)
        grads["W1"] = grads["W1"] * 1.001
        return grads

    def writes_into_X(spec, params, X, Y):
        grads = gradients(spec, params, X, Y)
        X[0, 0] += 1.0
        return grads

    def float32_only(spec, params, X, Y):
        return {key: value.astype("float32") for key, value in gradients(spec, params, X, Y).items()}

    def raises(spec, params, X, Y):
        return 1 / 0

    def seed_only(spec, params, X, Y):
        if spec.activations != ("tanh", "sigmoid"):
            raise NotImplementedError(f"the seed network only; got {spec.activations}")
        return gradients(spec, params, X, Y)

    def wrong_in_float32(spec, params, X, Y):
        grads = gradients(spec, params, X, Y)
        return {key: value * 1.01 for key, value in grads.items()} if X.dtype.itemsize == 4 else grads

    calls = 0

    def raises_once_timed(spec, params, X, Y):   # right while judged (a few calls), then raises
        global calls
        calls += 1
        if calls > 6:
            raise FloatingPointError(f"call {calls}")
        return gradients(spec, params, X, Y)

    class Gradients(Mapping):   # a Mapping of your own: reading it runs your code
        def __init__(self, grads, broken):
            self.grads, self.broken = grads, broken

        def __getitem__(self, key):
            if self.broken == "getitem":
                raise KeyError(f"{key} is not here")
            return self.grads[key]

        def __iter__(self):
            if self.broken == "iter":
                raise RuntimeError("cannot list my keys")
            return iter(self.grads)

        def __len__(self):
            return len(self.grads)

    def returns_a_mapping_whose_getitem_raises(spec, params, X, Y):
        return Gradients(gradients(spec, params, X, Y), "getitem")

    def returns_a_mapping_whose_iteration_raises(spec, params, X, Y):
        return Gradients(gradients(spec, params, X, Y), "iter")

    def returns_a_mapping_of_its_own(spec, params, X, Y):
        return Gradients(gradients(spec, params, X, Y), "")

    def exits(spec, params, X, Y):
        raise SystemExit(3)

    exits_calls = 0

    def exits_once_judged(spec, params, X, Y):   # right when judged, then exits on the untimed first call
        global exits_calls
        exits_calls += 1
        if exits_calls > 1:
            raise SystemExit(4)
        return gradients(spec, params, X, Y)

    def returns_gradients_then_cost(spec, params, X, Y):
        J, grads = cost_and_gradients(spec, params, X, Y)
        return grads, J
''')


@pytest.fixture(autouse=True)
def restore_jax_x64() -> object:
    """The JAX peers turn on float64 for the benchmark's process; give the other tests theirs back (the CPUs and
    XLA_FLAGS that `bench --threads 1` takes below: conftest's threads_given_back, for every test)."""
    import jax

    before = jax.config.jax_enable_x64
    yield
    jax.config.update("jax_enable_x64", before)


@pytest.fixture
def functions(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "my_backprop.py"
    path.write_text(FUNCTIONS)
    return path


def _run(target: str, network: str = "seed", size: str = "tiny", dtype: str = "float64") -> dict:
    options = suite.Options(sizes=(size,), networks=(network,), dtypes=(dtype,), peers=("manual",), rounds=2,
                            block_seconds=1e-3, scaling=False, memory_size=None, campaign_cases=0, yours=target)
    return suite.run_suite(options)


def test_bench_times_your_function_beside_manual_once_the_oracle_agrees(
        functions: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results"
    args = ["bench", "--sizes", "tiny", "--networks", "seed", "--dtypes", "float64", "--rounds", "2", "--block-ms",
            "1", "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--peers", "manual,bound",
            "--yours", f"{functions}:right", "--out", str(out)]
    assert main(args) == 0
    results = json.loads((out / "results.json").read_text())
    case = results["cases"][0]
    assert results["options"]["yours"] == f"{functions}:right" and case["skipped"] == {}
    assert set(case["ratios"]) == {"bound", "yours"} and case["seconds"]["yours"]["median"] > 0
    assert "yours" in case["bound_over"]
    table = (out / "results.md").read_text()
    header = next(line for line in table.splitlines() if line.startswith("| network | size | dtype | manual |"))
    assert header == "| network | size | dtype | manual | manual / bound | manual / yours |"  # the peers that ran
    captured = capsys.readouterr()
    assert "bound / yours" in table and table in captured.out
    assert "--yours" not in captured.err and "no --threads" in captured.err     # timed everywhere; not pinned


def test_bench_exits_1_when_your_function_is_timed_on_no_case_and_says_so_on_stderr(
        functions: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["bench", "--sizes", "tiny", "--networks", "seed", "--dtypes", "float64,float32", "--rounds", "2",
            "--block-ms", "1", "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--peers", "manual",
            "--threads", "1", "--no-plots", "--out", str(tmp_path)]
    assert main([*args, "--yours", f"{functions}:off_by_one_in_a_thousand"]) == 1
    err = capsys.readouterr().err
    assert f"--yours {functions}:off_by_one_in_a_thousand was not timed on 2 of 2 cases: the oracle judged it " \
           "wrong there, or it raised (see Skipped in the report)" in err and "no --threads" not in err
    assert main([*args, "--yours", f"{functions}:wrong_in_float32"]) == 0     # timed on the float64 case
    assert "was not timed on 1 of 2 cases" in capsys.readouterr().err


@pytest.mark.parametrize(("function", "tip"), [
    ("seed_only", "Tip: if your function does not implement every case timed here, narrow them to what it does: "
                  "--networks, --dtypes, --sizes (--networks seed: the notes' network alone)"),
    ("raises", "Tip: your function raised ZeroDivisionError on 2 cases (each case's reason under Skipped in the "
               "report names the file and line): most likely a bug, not a case to narrow away; for cases it does not "
               "implement, raise NotImplementedError and narrow them: --networks, --dtypes, --sizes (--networks seed: "
               "the notes' network alone)"),
    ("off_by_one_in_a_thousand", None),              # the oracle judged it wrong: narrowing would not help it
])
def test_bench_gives_verifys_tip_to_narrow_when_your_function_raised(
        functions: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], function: str,
        tip: str | None) -> None:
    """bench said only "it raised (see Skipped in the report)" where `verify --yours` prints how to narrow the
    problems (verify_tips.narrowing_tip): a NotImplementedError asks for fewer cases, another raise for a look at the
    code first. The tip follows the line that counts the cases not timed, on stderr."""
    args = ["bench", "--sizes", "tiny", "--networks", "seed,deep", "--dtypes", "float64", "--rounds", "2",
            "--block-ms", "1", "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--peers", "manual",
            "--threads", "1", "--no-plots", "--out", str(tmp_path), "--yours", f"{functions}:{function}"]
    main(args)
    err = capsys.readouterr().err
    if tip is None:                                  # nothing after the line: no tip, nor an empty one
        assert err.endswith("(see Skipped in the report)\n"), err
    else:
        assert f"(see Skipped in the report)\n{tip}\n" in err, err


def test_the_tip_names_each_kind_of_raise_once_and_counts_every_raise_but_not_implemented() -> None:
    """raise_tip, as bench and verify print it: several kinds of exception named once each, sorted, by ", "; the
    count is of the raises, NotImplementedError's left out."""
    from manual_backprop.commands.verify_tips import raise_tip

    kinds = ["ZeroDivisionError", "ValueError", "NotImplementedError", "ValueError"]
    assert raise_tip(kinds, "case", "timed here", "LOCATED", "OPTIONS") == (
        "Tip: your function raised ValueError, ZeroDivisionError on 3 cases (LOCATED): most likely a bug, not a case "
        "to narrow away; for cases it does not implement, raise NotImplementedError and narrow them: OPTIONS")


@pytest.mark.parametrize(("function", "why"), [
    ("off_by_one_in_a_thousand", "1 quantity disagrees with the oracle, first W1["),
    ("writes_into_X", "it writes into its inputs, which the oracle passes read-only: ValueError: "),
    ("raises", "it raised: ZeroDivisionError: division by zero"),
])
def test_bench_never_times_a_function_the_oracle_rejects(functions: pathlib.Path, function: str, why: str) -> None:
    results = _run(f"{functions}:{function}")
    case = results["cases"][0]
    assert "yours" not in case["seconds"] and "yours" not in case["ratios"]
    assert case["skipped"]["yours"].startswith("yours: not timed on seed tiny float64: ")
    assert why in case["skipped"]["yours"]
    from manual_backprop.bench.report import markdown

    item = case["skipped"]["yours"].replace("yours: not timed on ", "yours on ", 1)
    assert f"Skipped (not timed):\n\n- {item}.\n" in markdown(results)


def test_an_oracle_that_fails_on_a_case_is_not_blamed_on_your_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """The oracle may fail where your function does not (JAX out of memory on a machine smaller than the case): the
    case is not timed for yours, and the reason says the oracle failed, not that your function raised."""
    import autodiff_oracle.harness
    from manual_backprop import gradients
    from manual_backprop.bench import cases
    from manual_backprop.bench.peers import NotTimed

    def out_of_memory(*args: object) -> None:
        raise MemoryError("RESOURCE_EXHAUSTED: Out of memory allocating 71676493824 bytes.")

    monkeypatch.setattr(autodiff_oracle.harness, "oracle", out_of_memory)
    build = yours.builder(gradients)
    with pytest.raises(NotTimed) as raised:
        build(cases.make_case("seed", "tiny", "float64"))
    assert str(raised.value) == ("yours: not timed on seed tiny float64: the oracle could not judge it there (not a "
                                 "fault of yours): MemoryError: RESOURCE_EXHAUSTED: Out of memory allocating "
                                 "71676493824 bytes.")


@pytest.mark.parametrize(("function", "raised", "where"), [
    ("returns_a_mapping_whose_getitem_raises", "KeyError: 'W1 is not here'", "__getitem__"),
    ("returns_a_mapping_whose_iteration_raises", "RuntimeError: cannot list my keys", "__iter__"),
])
def test_a_raise_in_the_mapping_your_function_returns_is_yours_with_its_line_not_the_oracles(
        functions: pathlib.Path, function: str, raised: str, where: str) -> None:
    """What your function returned is yours: a Mapping of your own whose __getitem__ or iteration raises when the
    oracle reads it is your code failing, named with its file and line as any raise of yours (it raised later,
    inside the comparison, and was reported as the oracle unable to judge the case). The same Mapping, readable,
    is judged and timed."""
    error = raised.partition(":")[0]
    line = next(n for n, text in enumerate(FUNCTIONS.splitlines(), 1) if text.strip().startswith(f"raise {error}("))
    reason = _run(f"{functions}:{function}")["cases"][0]["skipped"]["yours"]
    assert reason == f"yours: not timed on seed tiny float64: it raised: {raised} (at {functions}:{line}, in {where})"
    case = _run(f"{functions}:returns_a_mapping_of_its_own")["cases"][0]
    assert case["skipped"] == {} and "yours" in case["ratios"]


def test_a_result_in_the_wrong_order_is_named_as_what_it_returned_not_as_a_raise(functions: pathlib.Path) -> None:
    """(gradients, cost) swapped: no line of the function raised, so the reason says what it returned (it said
    "it raised: TypeError: ...", as if the function's code had)."""
    reason = _run(f"{functions}:returns_gradients_then_cost")["cases"][0]["skipped"]["yours"]
    assert reason == ("yours: not timed on seed tiny float64: the candidate returned a 2-tuple whose first item is a "
                      "dict: return (cost, gradients) or the gradients dict alone"), reason


def test_a_function_that_calls_sys_exit_is_skipped_like_any_raise_and_the_run_goes_on(functions: pathlib.Path) -> None:
    """SystemExit is not an Exception: it ended the whole run with the function's exit status, no report."""
    line = next(n for n, text in enumerate(FUNCTIONS.splitlines(), 1) if text.strip() == "raise SystemExit(3)")
    reason = _run(f"{functions}:exits")["cases"][0]["skipped"]["yours"]
    assert reason == (f"yours: not timed on seed tiny float64: it raised: SystemExit: 3 (at {functions}:{line}, in "
                      "exits)")
    line = next(n for n, text in enumerate(FUNCTIONS.splitlines(), 1) if text.strip() == "raise SystemExit(4)")
    reason = _run(f"{functions}:exits_once_judged")["cases"][0]["skipped"]["yours"]   # the untimed first call too
    assert reason == (f"yours: not timed on seed tiny float64: it raised: SystemExit: 4 (at {functions}:{line}, in "
                      "exits_once_judged)")


def test_a_function_that_raises_while_timed_is_skipped_there_and_the_run_goes_on(
        functions: pathlib.Path, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "results"
    args = ["bench", "--sizes", "tiny", "--networks", "seed,deep", "--dtypes", "float64", "--rounds", "3",
            "--block-ms", "1", "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--peers",
            "manual,bound", "--no-plots", "--yours", f"{functions}:raises_once_timed", "--out", str(out)]
    assert main(args) == 1                     # the run goes on and writes its results; yours was timed nowhere
    results = json.loads((out / "results.json").read_text())
    assert [case["network"] for case in results["cases"]] == ["seed", "deep"]
    for case in results["cases"]:              # judged right (calls 1-6 on seed), then raised; on deep from call 7
        assert "yours" not in case["seconds"] and "yours" not in case["ratios"] and "bound" in case["ratios"]
        assert "yours" not in case["first_call_seconds"] and "yours" not in case["notes"]
    seed, deep = (case["skipped"]["yours"] for case in results["cases"])
    assert re.fullmatch(r"yours: not timed on seed tiny float64: it raised while being timed: FloatingPointError: "
                        r"call \d+ \(at .*my_backprop\.py:\d+, in raises_once_timed\)", seed), seed   # where, in yours
    assert deep.startswith("yours: not timed on deep tiny float64: it raised: FloatingPointError: call ")  # judging
    assert deep.endswith(", in raises_once_timed)")
    assert "- yours on seed tiny float64: it raised while being timed: FloatingPointError: call " in \
        (out / "results.md").read_text()


def test_float32_cases_are_judged_in_float64_too_where_the_oracle_is_sharp(functions: pathlib.Path) -> None:
    # deep small float32: the oracle's float32 tolerance there admits a 0.1% error in W1 (its rounding bound S is
    # thousands of times |dW1|) and a relu pre-activation lies within float32 rounding of 0, so the float32
    # values are not judged at all; the same case cast to float64 judges them to about 1e-9
    right = _run(f"{functions}:right", "deep", "small", "float32")["cases"][0]
    assert "yours" in right["ratios"] and right["skipped"] == {}
    assert right["notes"]["yours"].startswith("yours on deep small float32: its float32 values are judged through "
                                              "the same case in float64 only (a relu pre-activation lies within")
    wrong = _run(f"{functions}:off_by_one_in_a_thousand", "deep", "small", "float32")["cases"][0]
    assert "yours" not in wrong["ratios"] and wrong["notes"] == {}
    assert "1 quantity disagrees with the oracle on the same case in float64, first W1[" in wrong["skipped"]["yours"]
    float32_only = _run(f"{functions}:float32_only", "seed", "tiny", "float32")["cases"][0]
    assert float32_only["skipped"]["yours"].endswith(
        "the gradients returned do not have the parameters' keys, shapes and dtypes on the same case in float64, "
        "first W1 (expected shape (4, 2) dtype float64, got shape (4, 2) dtype float32)")


def test_bench_sweeps_time_your_function_too(functions: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suite, "M_SWEEP", (8,))
    monkeypatch.setattr(suite, "WIDTH_SWEEP", (4,))
    monkeypatch.setattr(suite, "SCALING_PEERS", ("manual",))
    options = suite.Options(rounds=2, block_seconds=1e-3)
    sweeps = suite.scaling(options, lambda note: None, {**suite.BUILDERS, "yours": yours.builder(
        load(f"{functions}:right"))})
    assert [sorted(c["seconds"]) for c in sweeps["m"] + sweeps["width"]] == [["manual", "yours"]] * 2


def test_yours_loads_a_module_function_or_a_file_function(functions: pathlib.Path) -> None:
    from manual_backprop import gradients

    assert load("manual_backprop.propagation:gradients") is gradients
    assert load(f"{functions}:right").__name__ == "right"


@pytest.mark.parametrize(("target", "message"), [
    ("my_backprop", "--yours must be module:function or path/to/file.py:function; got 'my_backprop'"),
    ("my_backprop:", "--yours must be module:function"),
    (":right", "--yours must be module:function"),
    ("no_such_module_anywhere:f", "--yours: cannot import 'no_such_module_anywhere': No module named"),
    ("missing.py:f", "--yours: no Python file 'missing.py'"),
    ("manual_backprop.propagation:no_such_function",
     "--yours: 'manual_backprop.propagation' has no function 'no_such_function' (imported from "
     f"{pathlib.Path(__file__).parents[1] / 'manual_backprop' / 'propagation.py'})"),
    ("manual_backprop.spec:ACTIVATIONS", "--yours: 'manual_backprop.spec' has a tuple, not a function, as "
     "'ACTIVATIONS' (imported from "),
    ("manual_backprop.campaign_defaults:SEED", "--yours: 'manual_backprop.campaign_defaults' has an int, not a "
     "function, as 'SEED'"),                                                    # it said 'a int'
    ("manual_backprop.propagation:forward", "--yours: forward(spec: 'NetworkSpec', params: 'ParamsIn', X: 'Array') "
     "-> 'tuple[Array, Cache]' cannot be called as forward(spec, params, X, Y): too many positional arguments"),
])
def test_yours_names_what_is_wrong_with_the_target(target: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        load(target)


def test_yours_says_a_path_is_no_python_file_and_names_a_folder_it_imported(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder or a device given as --yours is not a .py file ('No module named '/dev/null'' said it was looked up
    as a module); a folder of the working directory without __init__.py imports as a namespace package, which has
    no functions: the message names that folder (it said 'imported from a built-in module')."""
    (tmp_path / "mine").mkdir()
    for target in (f"{tmp_path / 'mine'}:f", "/dev/null:f"):
        where = target.rpartition(":")[0]
        with pytest.raises(ValueError, match="^" + re.escape(f"--yours: {where!r} is not a .py file, nor a module's "
                                                                 "name (module:function or path/to/file.py:function)")):
            load(target)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [*sys.path])          # load appends the working directory: undone after
    monkeypatch.setitem(sys.modules, "mine", None)          # and imports 'mine' there: removed after
    del sys.modules["mine"]
    with pytest.raises(ValueError, match="^" + re.escape(f"--yours: 'mine' has no function 'f' (imported from the "
                                                             f"folder {tmp_path / 'mine'})")):
        load("mine:f")


def test_a_package_whose_own_import_fails_is_named_with_its_error_and_an_unprintable_error_is_named_by_class(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package folder of the working directory whose __init__ imports what is not installed: the import error,
    not 'not a .py file' (the folder exists); a file whose run raises an exception with a broken __str__: its class."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("import not_installed_dependency_xyz\n")
    (tmp_path / "unprintable.py").write_text("class E(Exception):\n    def __str__(self):\n        raise RuntimeError\n"
                                             "raise E\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [*sys.path])
    with pytest.raises(ValueError, match="^" + re.escape("--yours: cannot import 'pkg': No module named "
                                                             "'not_installed_dependency_xyz'")):
        load("pkg:f")
    sys.modules.pop("pkg", None)
    with pytest.raises(ValueError, match="^" + re.escape("--yours: running 'unprintable.py' raised E: <str() of this "
                                                             "E raised RuntimeError> (at unprintable.py:4)")):
        load("unprintable.py:f")


def test_bench_command_fails_fast_on_a_bad_target(capsys: pytest.CaptureFixture[str]) -> None:
    """A relative path not found names the folder it was looked for in and what to give instead (it said only "no
    Python file 'nowhere.py'", which left a user who ran from another folder guessing); an absolute one, itself."""
    assert main(["bench", "--yours", "nowhere.py:f", "--sizes", "tiny"]) == 2
    assert capsys.readouterr().err == (f"backprop bench: --yours: no Python file 'nowhere.py' in {pathlib.Path.cwd()}; "
                                       "give its path from there, or an absolute one\n")
    assert main(["bench", "--yours", "/nowhere/at/all.py:f", "--sizes", "tiny"]) == 2
    assert capsys.readouterr().err == "backprop bench: --yours: no Python file '/nowhere/at/all.py'\n"


def test_a_skip_names_the_tolerance_beside_the_scaled_error(functions: pathlib.Path) -> None:
    reason = _run(f"{functions}:off_by_one_in_a_thousand")["cases"][0]["skipped"]["yours"]
    assert re.search(r"scaled error [0-9.e+-]+ > rtol [0-9.e+-]+; \d+ of its \d+ entries disagrees?, this one most\)$",
                     reason), reason


def test_skip_reasons_and_notes_are_separate_markdown_paragraphs_without_a_repeated_prefix() -> None:
    from manual_backprop.bench.report import markdown

    results = {"options": {"yours": "f.py:f"}, "cases": [
        {"network": "seed", "size": size, "dtype": "float64", "layer_sizes": [2, 4, 1], "m": 8, "rounds": 1,
         "seconds": {"manual": {"median": 1e-5, "p25": 1e-5, "p75": 1e-5}}, "ratios": {}, "first_call_seconds": {},
         "skipped": {"torch": "torch not installed", "yours": f"yours: not timed on seed {size} float64: it raised"},
         "notes": {"yours": f"yours on seed {size} float64: judged in float64 only"}} for size in ("tiny", "small")],
        "machine": made_up_machine()}
    table = markdown(results)
    assert ("Skipped (not timed):\n\n- torch not installed.\n- yours on seed tiny float64: it raised.\n"
            "- yours on seed small float64: it raised.\n") in table          # the table's order (was alphabetical)
    assert "Skipped: yours" not in table and "not timed on" not in table
    assert ("\n\nNote: yours on seed tiny float64: judged in float64 only.\n\n"
            "Note: yours on seed small float64: judged in float64 only.\n") in table


def test_a_timed_peer_raising_an_exception_with_a_broken_str_is_named_by_class() -> None:
    """time_interleaved records what a peer of may_fail raised; an exception whose __str__ raises escaped as a
    traceback there (the message formatted str(error))."""
    from manual_backprop.bench.peers import Peer
    from manual_backprop.bench.timing import time_interleaved

    class UnprintableError(Exception):
        def __str__(self) -> str:
            raise RuntimeError("cannot print myself")

    calls = []

    def fails_on_the_fourth_call() -> None:
        calls.append(1)
        if len(calls) > 3:
            raise UnprintableError

    times, _, failed = time_interleaved([Peer("manual", lambda: None), Peer("yours", fails_on_the_fourth_call)], 2,
                                        1e-3, may_fail=("yours",))
    assert list(times) == ["manual"] and failed["yours"].startswith(
        "UnprintableError: <str() of this UnprintableError raised RuntimeError> (at "), failed


def _one_case_results(rounds: int, ratios: dict[str, dict[str, float]]) -> dict:
    """A made-up run of one seed tiny float64 case, enough for report.markdown."""
    spread = {"median": 1e-5, "p25": 1e-5, "p75": 1e-5}
    return {"options": {"yours": "f.py:f"}, "cases": [
        {"network": "seed", "size": "tiny", "dtype": "float64", "layer_sizes": [2, 4, 1], "m": 8, "rounds": rounds,
         "seconds": {"manual": spread}, "ratios": ratios, "first_call_seconds": {}, "skipped": {}}],
        "machine": made_up_machine()}


def test_a_table_with_a_yours_column_says_what_yours_is_and_that_the_oracle_judged_it_first() -> None:
    """results.md's footnote defined bound and finite-diff but not yours: a reader citing 'manual / yours' from the file
    alone could not tell that yours was timed only where the oracle had judged its gradients right."""
    from manual_backprop.bench.report import markdown

    table = markdown(_one_case_results(3, {"yours": {"median": 1.2, "p25": 1.1, "p75": 1.3}}))
    footnote = next(line for line in table.splitlines() if line.startswith("Per gradient;"))
    assert "yours = f.py:f" in footnote and "oracle" in footnote and "float64" in footnote
    assert "yours =" not in markdown(_one_case_results(3, {}))          # no column, no definition


def test_results_record_which_code_yours_was_by_its_files_hash(functions: pathlib.Path) -> None:
    """results.json recorded this project's commit but of --yours only the target as typed: a run cited as
    'manual / yours' could not be tied to the code it timed once the file changed."""
    import hashlib

    from manual_backprop.bench import provenance
    from manual_backprop.bench.report import markdown

    results = _run(f"{functions}:right")
    digest = hashlib.sha256(functions.read_bytes()).hexdigest()
    assert results["yours"] == {"target": f"{functions}:right", "file": str(functions.resolve()), "sha256": digest}
    assert "yours" in provenance.QUANTITIES
    results["machine"] = made_up_machine()
    assert f", --yours {functions}:right (file sha256 {digest[:12]})." in markdown(results)


def test_the_cpus_and_xla_flags_bench_threads_takes_are_given_back_after_the_test() -> None:
    """conftest's threads_given_back, for every test: limit_threads(1) (what `bench --threads 1` calls) pins the
    process to its first CPU and appends XLA's thread flags; threads_restored gives both back (red without it: the
    worker ran every later test on one CPU, session 39)."""
    import os

    from bench_fixtures import threads_restored

    from manual_backprop.bench import pinning

    def affinity() -> set[int] | None:                        # no sched_getaffinity (macOS): no pinning either
        return os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None

    cpus, flags = affinity(), os.environ.get("XLA_FLAGS")
    with threads_restored():
        pinning.limit_threads(1)
        assert len(affinity() or {0}) == 1 and "intra_op_parallelism_threads=1" in os.environ["XLA_FLAGS"]
    assert affinity() == cpus and os.environ.get("XLA_FLAGS") == flags
