"""Command line: ``python -m autograder {demo,release,grade,merge,table,check,bundle} ...``.

- ``demo``: the whole course cycle in a scratch folder (release, two submissions, autograde,
  feedback, grades table).
- ``release ASSIGNMENT``: regenerate ``assignments/ASSIGNMENT/`` from ``solutions/`` (nbgrader),
  then put the Colab badge and setup cell (from ``course.toml``) atop each notebook.
- ``grade ASSIGNMENT [--workers N] [--shard i/n] [--db-url URL] [--sandbox auto|on|off]
  [--no-sandbox] [--wall-seconds S] [--memory-gb G] [--cell-timeout S] [--student ID ...]``:
  repair and autograde every ``submitted/<student>/ASSIGNMENT/`` (the originals are never
  changed), each student in its own sandboxed nbgrader process and scratch root
  ``grading/ASSIGNMENT/<student>/``, N at a time; merge the results into the gradebook
  (``gradebook.db``, the shard's ``gradebook.shard-i-of-n.db``, or ``--db-url``: any nbgrader
  ``db_url``, PostgreSQL included), write feedback HTML, ``grades.csv`` (not for a shard) and
  ``grading/ASSIGNMENT/report.json``.
- ``merge SOURCE... [--into URL]``: merge shard gradebooks (SQLite files or URLs) into one
  (default ``gradebook.db``), then write ``grades.csv``.
- ``table ASSIGNMENT [--db-url URL]``: print the grades table from the gradebook.
- ``check NOTEBOOK [--reference RELEASE_NB]``: the student check (``python -m cnnlab.check``):
  repair, run the visible checks, exit non-zero on any failure.
- ``bundle [--dest DIR]``: write the student bundle (``dist/student/``: release notebooks,
  ``cnnlab``, data scripts, a README) and scan it; fails naming each file that leaks
  instructor-only content.

Bad input (an unknown assignment, no submissions, ``--shard 3/2``, ``--workers 0``, a missing
gradebook) prints one line saying what is wrong and exits with 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from autograder import bundle, pipeline


def _positive(kind: type) -> object:
    def parse(text: str) -> float | int:
        value = kind(text)
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_demo = sub.add_parser("demo", help="release, autograde two submissions, show grades")
    p_demo.add_argument("--dir", type=Path, default=pipeline.REPO_ROOT / ".demo")
    p_demo.add_argument("--assignment", default="numpy_cnn")

    for name, text in (
        ("release", "regenerate the student release from solutions/"),
        ("grade", "repair and autograde every submitted student, merge grades, write feedback"),
        ("table", "print the grades table from the gradebook"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("assignment")
        p.add_argument("--root", type=Path, default=Path.cwd(), help="course root (default: .)")
        if name in ("grade", "table"):
            p.add_argument("--db-url", help="gradebook: SQLite path or nbgrader db_url")
    p_grade = sub.choices["grade"]
    p_grade.add_argument("--workers", type=int, default=1, help="students graded at once")
    p_grade.add_argument("--shard", help="i/n: grade students whose sorted index %% n == i")
    p_grade.add_argument("--sandbox", choices=pipeline.SANDBOX_MODES, default="auto")
    p_grade.add_argument("--no-sandbox", dest="sandbox", action="store_const", const="off")
    p_grade.add_argument(
        "--wall-seconds",
        type=_positive(float),
        default=pipeline.STUDENT_TIMEOUT,
        help="wall-clock limit of one student's whole autograde (default %(default)s)",
    )
    p_grade.add_argument("--memory-gb", type=_positive(float), help="memory cap (default 6)")
    p_grade.add_argument("--cell-timeout", type=_positive(float), help="nbgrader per-cell limit")
    p_grade.add_argument("--student", action="append", help="grade only this student (repeat)")
    p_grade.add_argument(
        "--data",
        type=Path,
        help="data folder the hidden tests read, e.g. CIFAR-10 for pytorch_cnn's checkpoint "
        "accuracy (read-only in the sandbox; default $CNNLAB_DATA)",
    )

    p_merge = sub.add_parser("merge", help="merge shard gradebooks into one")
    p_merge.add_argument("sources", nargs="+", help="SQLite files or database URLs")
    p_merge.add_argument("--into", help="target gradebook (default: ROOT/gradebook.db)")
    p_merge.add_argument("--root", type=Path, default=Path.cwd(), help="course root (default: .)")

    p_check = sub.add_parser("check", help="run a notebook's visible checks (cnnlab.check)")
    p_check.add_argument("notebook")
    p_check.add_argument("--reference", help="the release notebook to repair against")

    p_bundle = sub.add_parser("bundle", help="write the student bundle and scan it for leaks")
    p_bundle.add_argument("--dest", type=Path, default=bundle.DEFAULT_DEST)
    p_bundle.add_argument(
        "--assignment", action="append", help=f"default: {', '.join(bundle.ASSIGNMENTS)}"
    )
    return parser


def _grade(args: argparse.Namespace) -> int:
    from autograder.sandbox import Limits

    root = args.root.resolve()
    shard = pipeline.parse_shard(args.shard)
    limits = Limits(wall_seconds=args.wall_seconds)
    if args.memory_gb is not None:
        limits = Limits(wall_seconds=args.wall_seconds, memory_bytes=int(args.memory_gb * 2**30))
    results = pipeline.grade(
        args.assignment,
        root,
        workers=args.workers,
        shard=shard,
        db_url=args.db_url,
        limits=limits,
        sandbox=args.sandbox,
        students=args.student,
        cell_timeout=args.cell_timeout,
        data_dir=args.data,
    )
    db = pipeline.course_db_url(root, args.db_url, shard)
    print()
    print(pipeline.format_table(pipeline.grade_rows(args.assignment, root, db)))
    if shard is None:
        print(f"\nGrades CSV: {root / 'grades.csv'}")
    else:
        print(f"\nShard gradebook: {db}\nWhen every shard is done: python -m autograder merge ...")
    print(f"Feedback:   {root / 'feedback'}/<student>/{args.assignment}/")
    print(f"Report:     {root / 'grading' / args.assignment}/report*.json")
    for r in results:
        if r.flag:
            print(f"FLAG {r.student}: {r.flag} (log: grading_logs/)", file=sys.stderr)
    return 0


def _merge(args: argparse.Namespace) -> int:
    from autograder import gradebook

    root = args.root.resolve()
    into = gradebook.db_url(args.into) if args.into else pipeline.course_db_url(root)
    count = gradebook.merge(args.sources, into)
    print(
        f"merged {count} submission(s) from {len(args.sources)} gradebook(s) into "
        f"{gradebook.describe(into)}"
    )
    if (root / "nbgrader_config.py").is_file():
        print(f"Grades CSV: {pipeline.export_grades(root, into)}")
    return 0


def _check_notebook(args: argparse.Namespace) -> int:
    from cnnlab import check

    argv = [args.notebook] + (["--reference", args.reference] if args.reference else [])
    return int(check.main(argv) or 0)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m autograder``; returns the process exit code."""
    args = _parser().parse_args(argv)
    if args.command not in ("bundle", "check"):  # plain file copying / the student's check
        pipeline.main_env_ok()
    start = time.perf_counter()
    try:
        if args.command == "demo":
            pipeline.demo(args.dir.resolve(), args.assignment)
        elif args.command == "release":
            out = pipeline.generate_release(args.assignment, args.root.resolve())
            print(f"release written to {out}")
        elif args.command == "grade":
            _grade(args)
        elif args.command == "merge":
            _merge(args)
        elif args.command == "table":
            rows = pipeline.grade_rows(args.assignment, args.root.resolve(), args.db_url)
            print(pipeline.format_table(rows))
        elif args.command == "check":
            return _check_notebook(args)
        elif args.command == "bundle":
            return _bundle(args)
    except ValueError as exc:
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 2
    print(f"\n({time.perf_counter() - start:.0f} s)")
    return 0


def _bundle(args: argparse.Namespace) -> int:
    try:
        out = bundle.build_student_bundle(args.dest, args.assignment or bundle.ASSIGNMENTS)
    except ValueError as exc:
        print(f"bundle: {exc}", file=sys.stderr)
        return 2
    problems = bundle.scan_bundle(out)
    for problem in problems:
        print(f"LEAK: {out}/{problem}", file=sys.stderr)
    if problems:
        print(f"student bundle {out} is NOT clean: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"student bundle written to {out} (scanned: clean)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
