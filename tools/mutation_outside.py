"""What no part of the mutation run mutates or runs (tools/mutation_parts.py's PARTS), each with its reason.

tests/test_mutation_parts.py holds every module of manual_backprop/ and autodiff_oracle/ to be in a part's "mutate"
list or here, and every tests/test_*.py file to be in a part's "tests" list or here: a new module or test file is
placed on purpose. Session 37's two new test files of the compare part's notes (test_l2_note, test_transposed_note)
ran in no part until a mutation run showed their mutants surviving; a file in no list now fails that test first.
"""

from __future__ import annotations

#: Modules with no logic a mutant could change: re-exports, type aliases, constants, an entry point.
NO_LOGIC = {
    "manual_backprop/__init__.py": "re-exports the public names",
    "manual_backprop/__main__.py": "`python -m manual_backprop` calls cli.main",
    "manual_backprop/array_types.py": "type aliases",
    "manual_backprop/campaign_defaults.py": "constants (test_doc_defaults and test_cli_verify read them)",
    "manual_backprop/commands/__init__.py": "a package marker",
    "manual_backprop/bench/__init__.py": "a docstring (the suite's data path)",
    "autodiff_oracle/__init__.py": "re-exports, and the error naming the extra when JAX is missing",
}
#: Modules with logic no part has mutated yet, and why not (the part it would join, if any).
NOT_YET = {
    "manual_backprop/atomic.py": "atomic writes; its test kills a process mid-write (seconds per mutant)",
    "manual_backprop/interrupt_guard.py": "Ctrl-C handling; its tests send signals to a child (test_process_guards)",
    "manual_backprop/process_guards.py": "stdout and signal guards; tests in child processes (test_process_guards)",
    "manual_backprop/datasets.py": "real data for train; its tests need the `data` extra (scikit-learn)",
    "manual_backprop/plots.py": "train's PNGs (matplotlib); test_train_plots checks the figures",
    "manual_backprop/commands/bench.py": "`backprop bench`'s command: test_bench runs it (minutes per mutant)",
    "manual_backprop/commands/vectors.py": "`backprop vectors`' command; test_vectors regenerates the vectors",
    "manual_backprop/commands/mutants.py": "`backprop mutants`' command (test_planted_bugs runs it)",
    **{f"manual_backprop/mutants/{m}.py": "the planted bugs and their hunt (test_planted_bugs): a mutant of a "
       "planted bug's text fails MutantDoesNotApply; the hunt's counts would join judges" for m in
       ("__init__", "catalog", "runner")},
    **{f"manual_backprop/bench/{m}.py": "the benchmark's timing and environment, not its arithmetic (the bench "
       "part): a mutant changes what is measured, which no test may assert" for m in
       ("cases", "machine", "machine_notes", "memory", "parts", "peer", "peers", "pinning", "plots",
        "provenance", "ratio_figure", "yours")},
    **{f"autodiff_oracle/{m}.py": "the test vectors' builder: test_vectors regenerates them byte for byte (a "
       "mutant that changes a vector fails it), about a minute per mutant" for m in
       ("vectors", "vector_cases", "vector_flags", "vector_json", "vector_schema", "vector_tweaks")},
}
#: Test files no part runs, and why.
TESTS_OUTSIDE = {
    "tests/test_atomic_writes.py": "atomic.py is in no part (NOT_YET)",
    "tests/test_train_plots.py": "plots.py is in no part (NOT_YET)",
    "tests/test_doc_defaults.py": "the docs against the code's defaults: a mutant of a default fails the part's own "
                                  "test of it first (test_cli_verify, test_bench)",
    "tests/test_doc_links.py": "Markdown links; no module's logic",
    "tests/test_doc_names.py": "names the docs cite exist; no module's logic",
    "tests/test_formula_errata.py": "docs/formulas.md's errata blocks against the oracle: the docs, not a module",
    "tests/test_readme.py": "the README's examples, each in a fresh interpreter outside mutmut's copy (carried: "
                            "no part runs it)",
    "tests/test_sdist.py": "packaging: builds an sdist",
    "tests/test_typed_user_code.py": "mypy over user code; its runtime half calls what the core part's tests call",
    "tests/test_mutation_parts.py": "checks these lists and tools/mutation.py itself",
}
