"""What each part of the mutation run mutates and tests: tools/mutation.py's PARTS, per `make mutation PART=...`.

Each part names the package mutmut rewrites ("source"), what it copies beside it ("copy"), the files it mutates
("mutate"), the pytest arguments ("args") and the tests it runs ("tests"), as the documented runs used them
(docs/verification.md section 5). A test that reads a file outside the source needs that file in the copy list, or
it fails in mutmut's copy with no mutant active and tools/mutation.py stops. RETRACE_FIXTURE is what the oracle
part appends to the copy's tests/conftest.py so that mutmut maps each jitted function to every test that runs it;
STATS_FIXTURE is what every part appends there so that a fresh interpreter a test starts runs outside mutmut's stats
phase.
"""

from __future__ import annotations

ORACLE_TESTS = ["tests/test_vectors.py", "tests/test_error_terms.py", "tests/test_error_scales.py",
                "tests/test_oracle.py", "tests/test_reports.py", "tests/test_campaign.py",
                "tests/test_kinks_and_edges.py", "tests/test_oracle_exactness.py"]
MANUAL = {"source": ["manual_backprop/"], "copy": ["autodiff_oracle/"]}
ORACLE = {"source": ["autodiff_oracle/"],   # test_vectors' COUNTS read the docs that quote the vectors
          "copy": ["manual_backprop/", "vectors/", "examples/", "docs/", "CONTRIBUTING.md"]}
PARTS: dict[str, dict[str, list[str]]] = {
    "core": {
        **MANUAL,
        "mutate": [f"manual_backprop/{m}.py" for m in
                   ("spec", "layer_keys", "names", "error_messages", "name_hints", "dtype_reading", "activations",
                    "clamped", "losses", "propagation", "training", "descent_checks", "validation", "array_checks")],
        "args": ["-k", "not campaign and not planted_bugs and not still_applies and not writes_into"],
        "tests": [f"tests/test_{t}.py" for t in
                  ("gradients_match_oracle", "shapes_and_dtypes", "gradient_descent", "spec", "bad_input",
                   "extremes_and_inputs", "metamorphic", "kinks_and_edges", "finite_differences", "taylor",
                   "mutation_survivors", "validation_survivors", "array_checks")]},
    "campaign": {   # and `backprop verify`, which runs the campaign and prints its tables and summary; and the
        # command line every command shares (cli, cli_parser, the number options' types), whose every refusal
        # test_cli_verify holds, with main's guards (test_process_guards) and require's extras (test_dependencies)
        "source": ["autodiff_oracle/", "manual_backprop/"],   # manual_backprop/ a source here, so not copied
        "copy": [path for path in ORACLE["copy"] if path != "manual_backprop/"],
        "mutate": [*(f"autodiff_oracle/{m}.py" for m in ("campaign", "campaign_problems", "judging", "decoys",
                                                         "scope", "scope_names", "calling", "harness",
                                                         "strategies", "strategy_arguments", "problems")),
                   *(f"manual_backprop/commands/{m}.py" for m in ("verify", "verify_tips", "verify_args", "numbers",
                                                                      "name_lists", "verify_pairs")),
                   "manual_backprop/cli.py", "manual_backprop/cli_parser.py", "manual_backprop/cli_wording.py"],
        "args": [],
        "tests": [f"tests/test_{t}.py" for t in ("campaign", "verify_yours", "cli_verify", "value_regimes",
                                                 "gradients_match_oracle", "example_yours", "bad_input",
                                                 "process_guards", "dependencies", "verify_pattern_tips")]},
    "compare": {
        **ORACLE,
        "mutate": ["autodiff_oracle/compare.py", "autodiff_oracle/report.py", "autodiff_oracle/factors.py",
                   "autodiff_oracle/notes.py", "autodiff_oracle/first_wrong.py", "autodiff_oracle/shape_slips.py"],
        "args": [],
        "tests": [f"tests/test_{t}.py" for t in ("reports", "verify_yours", "campaign", "gradients_match_oracle",
                                                 "first_wrong_note", "shape_slips", "l2_note", "transposed_note")]},
    "oracle": {
        **ORACLE,
        "mutate": [f"autodiff_oracle/{m}.py" for m in
                   ("core", "exactness", "terms", "plain", "padded", "padded_branches", "model")],
        "args": [],
        "tests": ORACLE_TESTS},
    "bench": {   # the benchmark's arithmetic and verdicts: ratios, shares, targets, the tables that print them and
        # bench-compare's comparison of two saved runs
        "source": ["manual_backprop/"],   # the results record their commit: mutmut's copy gets the scratch's .git
        "copy": ["autodiff_oracle/", "README.md", "Makefile", "benchmarks/", ".git/", "docs/"],   # Makefile: bench OUT
        "mutate": [*(f"manual_backprop/bench/{m}.py"
                     for m in ("suite", "options", "case_timing", "targets", "report", "breakdown_table", "header",
                               "timing", "units", "weights", "sweep_table", "compare", "compare_setup",
                               "compare_report")),
                   "manual_backprop/commands/bench_interrupt.py", "manual_backprop/commands/bench_args.py",
                   "manual_backprop/commands/bench_yours.py", "manual_backprop/commands/bench_compare.py",
                   "manual_backprop/targets.py",
                   "manual_backprop/target_loading.py"],
        "args": [],
        "tests": [f"tests/test_{t}.py" for t in
                  ("bench", "bench_arithmetic", "bench_plots", "bench_yours", "bench_compare", "readme_benchmarks",
                   "readme_benchmark_prose", "verify_yours", "cli_verify")]},
    "port": {   # backprop check-port: reading a port's results file, judging it against the vectors, the report
        "source": ["manual_backprop/"],   # the tests read the vectors, the ports and the docs that count them
        "copy": ["autodiff_oracle/", "vectors/", "examples/", "docs/", "README.md", "CONTRIBUTING.md"],
        "mutate": ["manual_backprop/port_check.py", "manual_backprop/port_quantity.py",
                   "manual_backprop/port_notes.py", "manual_backprop/port_results.py",
                   "manual_backprop/port_vectors.py", "manual_backprop/shape_hints.py",
                   "manual_backprop/json_file.py", "manual_backprop/commands/check_port.py"],
        "args": [],
        "tests": [f"tests/test_{t}.py" for t in ("check_port", "vectors", "c_port", "formulas", "shape_slips")]},
    "judges": {   # the oracle's other judges: finite differences, the Taylor test, the metamorphic relations, the
        "source": ["autodiff_oracle/"],   # property suite and when each applies; test_planted_bugs reads the docs
        "copy": ["manual_backprop/", "docs/", "README.md"],
        "mutate": [f"autodiff_oracle/{m}.py" for m in
                   ("finite_differences", "taylor", "metamorphic", "properties", "applicability")],
        "args": [],
        "tests": [f"tests/test_{t}.py" for t in
                  ("finite_differences", "taylor", "metamorphic", "kinks_and_edges", "planted_bugs")]},
    "train": {   # backprop train: its options, descent, resume, files, scores, progress bar and oracle check
        "source": ["manual_backprop/"],
        "copy": ["autodiff_oracle/"],
        "mutate": [*(f"manual_backprop/commands/{m}.py" for m in
                     ("train", "train_args", "train_descent", "train_output", "train_resume", "train_oracle",
                      "writing")),
                   *(f"manual_backprop/{m}.py" for m in
                     ("train_run", "train_defaults", "params_io", "run_record", "trajectory", "metrics", "progress"))],
        "args": [],
        "tests": [f"tests/test_{t}.py" for t in ("train_command", "params_io", "progress", "datasets",
                                                 "training_real_data", "dependencies")]},
}
# A jitted function's Python runs only when traced: without this, mutmut maps each oracle function to the first
# test that traced it and never runs that function's mutants under the others.
RETRACE_FIXTURE = '''

@pytest.fixture(autouse=True)
def _retrace_for_mutmut_stats():
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        jax.clear_caches()
    yield
'''
# mutmut's stats phase sets MUTANT_UNDER_TEST=stats, and a fresh interpreter that a test starts with its environment
# and sys.path (test_process_guards' Ctrl-C during verify) imports the mutated copy, whose trampolines then look for
# mutmut's settings in the child's own folder: FileNotFoundError, the test fails, and mutmut stops ("failed to collect
# stats", session 36's campaign run). The stats process keeps its mode without the variable (mutmut 3.8.1 falls back
# to the value it set in-process), and the child runs the unmutated functions, as with no mutant; every other phase
# (a mutant named, the tool's second pass) still hands its mutant on.
STATS_FIXTURE = '''

@pytest.fixture(autouse=True)
def _fresh_interpreters_out_of_mutmuts_stats_phase(monkeypatch):
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        monkeypatch.delenv("MUTANT_UNDER_TEST")
    yield
'''
