"""`backprop bench`: manual_backprop against jax.jit, eager JAX, torch, finite differences and its matmul bound."""

from __future__ import annotations

import argparse
import pathlib
import sys

from manual_backprop.commands.bench_args import bench_results, cores_available, names_of, positive_number
from manual_backprop.commands.bench_yours import loadable, yours_verdict
from manual_backprop.commands.numbers import count, threads
from manual_backprop.commands.writing import path_of
from manual_backprop.targets import target_text

HELP = ("time manual_backprop against jax.jit, eager JAX, torch autograd, finite differences and its matmul bound; "
        "write table, JSON, plots")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from manual_backprop.bench.cases import DEFAULT_SIZES, DTYPES, NETWORKS, SIZES
    from manual_backprop.bench.peers import PEERS
    from manual_backprop.bench.suite import LARGE_ROUNDS, SCALING_PEERS, Options

    default = Options()                   # `backprop bench` without flags: the defaults are the suite's own
    parser.epilog = ("The method, every option and the targets: benchmarks/README.md (in a checkout; the README "
                     "links it)")

    parser.add_argument("--sizes", type=names_of("--sizes", tuple(SIZES)), default=DEFAULT_SIZES,
                        help=f"comma-separated sizes among {','.join(SIZES)} (default {','.join(DEFAULT_SIZES)})")
    parser.add_argument("--large", action="store_true", help="add the large size (4096, 4096, 64; m=4096): minutes")
    parser.add_argument("--networks", type=names_of("--networks", tuple(NETWORKS)), default=tuple(NETWORKS),
                        help=f"comma-separated networks among {','.join(NETWORKS)} (default {','.join(NETWORKS)})")
    parser.add_argument("--dtypes", type=names_of("--dtypes", DTYPES), default=DTYPES,
                        help=f"comma-separated dtypes among {','.join(DTYPES)} (default {','.join(DTYPES)})")
    yours = {"yours": " (your function is timed with --yours TARGET, not --peers)"}
    parser.add_argument("--peers", type=names_of("--peers", PEERS, yours), default=PEERS,
                        help=f"default {','.join(PEERS)}; manual is timed always (every ratio is manual's); the "
                             f"scaling sweeps time those of "
                             f"{','.join(SCALING_PEERS)} chosen")
    parser.add_argument("--rounds", type=count("--rounds", 1), default=default.rounds,
                        help=f"interleaved rounds per case (default {default.rounds}; large: at most {LARGE_ROUNDS})")
    parser.add_argument("--block-ms", type=positive_number("--block-ms"), default=default.block_seconds * 1e3,
                        help=f"milliseconds per timed block (default {default.block_seconds * 1e3:g})")
    parser.add_argument("--no-cases", action="store_true",
                        help="time no case (--sizes, --networks, --dtypes and --large unused): only the sweeps, "
                             "memory check and campaign, as after a Ctrl-C once every case was timed")
    parser.add_argument("--no-scaling", action="store_true", help="skip the m and width sweeps")
    parser.add_argument("--memory-size", choices=(*SIZES, "none"), metavar="MEMORY_SIZE", default=default.memory_size,
                        help=f"size for the peak-memory check (default {default.memory_size}), or 'none'")
    parser.add_argument("--campaign-cases", type=count("--campaign-cases", 0), default=default.campaign_cases,
                        help=f"problems for the harness-throughput campaign (0 skips it; default "
                             f"{default.campaign_cases})")
    parser.add_argument("--out", type=path_of, default=pathlib.Path("bench-results"),
                        help="folder for results.md, results.json and the PNG plots (default bench-results, as make "
                             "bench; benchmarks/results in a checkout holds the README's committed run)")
    parser.add_argument("--threads", type=threads("--threads", cores_available), default=None,
                        help="threads for every peer (NumPy's BLAS, torch, XLA), at most the cores this process may "
                             "use; default: each library's own")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots (no matplotlib needed)")
    parser.add_argument("--yours", metavar="TARGET", type=target_text, default=None,
                        help="also time your gradient function: module:function or path/to/file.py:function, "
                             "called as f(spec, params, X, Y), on each case only after the oracle has judged its "
                             "gradients right there")


def run(args: argparse.Namespace) -> int:
    from manual_backprop.cli import require
    from manual_backprop.commands.bench_args import OUT_FILES, check_arguments, check_out
    from manual_backprop.commands.writing import deferred_interrupt, write_or_fail
    from manual_backprop.progress import Progress

    require("jax", "bench")               # the bench extra brings the oracle's too: one install, not two
    require("threadpoolctl", "bench")
    if not args.no_plots:
        require("matplotlib", "bench")
    check_arguments(args)
    memory_size = None if args.memory_size == "none" else args.memory_size
    from manual_backprop.bench import pinning, report

    if args.yours is not None:
        loadable(args.yours)                                # fail now, not after minutes of benchmarks
    check_out(args.out)                                     # now, not after minutes of benchmarks

    if args.threads is not None:
        pinning.limit_threads(args.threads)
    else:
        print("backprop bench: no --threads: each library takes its own threads, and at tiny and small sizes the "
              "ratios then differ widely from the README's table, which ran with --threads 1", file=sys.stderr)
    from manual_backprop.bench.suite import Interrupted, Options, run_suite, steps
    from manual_backprop.bench.weights import step_weights

    sizes = (*args.sizes, "large") if args.large and "large" not in args.sizes else args.sizes
    sizes = () if args.no_cases else sizes
    options = Options(sizes=sizes, networks=args.networks, dtypes=args.dtypes, peers=("manual", *(
        p for p in args.peers if p != "manual")), rounds=args.rounds, block_seconds=args.block_ms / 1e3,
        scaling=not args.no_scaling, memory_size=memory_size, campaign_cases=args.campaign_cases,
        yours=args.yours, extra={"threads": args.threads, "plots": not args.no_plots})
    progress = Progress(steps(options), "bench", weights=step_weights(options))   # time left: by expected seconds
    done = 0

    def tick(step: str) -> None:                       # a step starts: the line names it while it runs
        nonlocal done
        progress.update(done, f"now: {step}")
        done += 1

    stopped = False
    try:
        results = run_suite(options, tick)
    except Interrupted as stop:
        from manual_backprop.commands.bench_interrupt import report_interrupted, timed_whole

        if not timed_whole(stop.results, options):   # Ctrl-C: what was timed is printed, --out left as it was
            progress.close()
            report_interrupted(stop, options, args)
            raise                                      # main: "interrupted", exit 130
        results, stopped = stop.results, True          # after the last part: a whole run, written as one
    written: list[pathlib.Path] = []
    removed: list[pathlib.Path] = []

    def write_all() -> pathlib.Path:
        earlier = bench_results(args.out / "results.json")  # only then are the plots beside it an earlier run's
        written.extend(report.write(results, args.out).values())
        if not args.no_plots:
            from manual_backprop.bench.plots import write_plots

            written.extend(write_plots(results, args.out))
        for stale in (args.out / name for name in OUT_FILES):   # an earlier run's plot beside this run's results
            if earlier and stale not in written and stale.is_file():
                stale.unlink()
                removed.append(stale)
        return args.out

    with deferred_interrupt():                         # a Ctrl-C now: the report printed, the files written, exit 130
        progress.update(done, "done")
        progress.close()
        print(report.markdown(results))                # first: a failed write below does not lose the table
        write_or_fail("--out", str(args.out), write_all)
        print("wrote " + ", ".join(str(p) for p in written)
              + ("; removed an earlier run's " + ", ".join(p.name for p in removed) if removed else ""))
        verdict = yours_verdict(args.yours, results["cases"])
    if stopped:
        raise KeyboardInterrupt                        # held as deferred_interrupt holds one: exit 130
    return verdict

