"""Command line: ``python -m autograder {demo,release,grade,table,bundle} ...``.

- ``demo``: the whole course cycle in a scratch folder (release, two submissions, autograde,
  feedback, grades table).
- ``release ASSIGNMENT``: regenerate ``assignments/ASSIGNMENT/`` from ``solutions/`` (nbgrader),
  then put the Colab badge and setup cell (from ``course.toml``) atop each notebook.
- ``grade ASSIGNMENT``: autograde every ``submitted/<student>/ASSIGNMENT/``, one nbgrader process
  per student, then export ``grades.csv`` and write feedback HTML.
- ``table ASSIGNMENT``: print the grades table from ``gradebook.db``.
- ``bundle [--dest DIR]``: write the student bundle (``dist/student/``: release notebooks,
  ``cnnlab``, data scripts, a README) and scan it; fails naming each file that leaks
  instructor-only content.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from autograder import bundle, pipeline


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m autograder``; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_demo = sub.add_parser("demo", help="release, autograde two submissions, show grades")
    p_demo.add_argument("--dir", type=Path, default=pipeline.REPO_ROOT / ".demo")
    p_demo.add_argument("--assignment", default="numpy_cnn")

    for name, text in (
        ("release", "regenerate the student release from solutions/"),
        ("grade", "autograde every submitted student, export grades, write feedback"),
        ("table", "print the grades table from the gradebook"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("assignment")
        p.add_argument("--root", type=Path, default=Path.cwd(), help="course root (default: .)")
        if name == "grade":
            p.add_argument("--timeout", type=float, default=pipeline.STUDENT_TIMEOUT)

    p_bundle = sub.add_parser("bundle", help="write the student bundle and scan it for leaks")
    p_bundle.add_argument("--dest", type=Path, default=bundle.DEFAULT_DEST)
    p_bundle.add_argument(
        "--assignment", action="append", help=f"default: {', '.join(bundle.ASSIGNMENTS)}"
    )

    args = parser.parse_args(argv)
    if args.command != "bundle":  # the bundle is plain file copying: no nbgrader needed
        pipeline.main_env_ok()
    start = time.perf_counter()

    if args.command == "demo":
        pipeline.demo(args.dir.resolve(), args.assignment)
    elif args.command == "release":
        out = pipeline.generate_release(args.assignment, args.root.resolve())
        print(f"release written to {out}")
    elif args.command == "grade":
        root = args.root.resolve()
        results = pipeline.grade(args.assignment, root, args.timeout)
        print()
        print(pipeline.format_table(pipeline.grade_rows(args.assignment, root)))
        print(f"\nGrades CSV: {root / 'grades.csv'}")
        print(f"Feedback:   {root / 'feedback'}/<student>/{args.assignment}/")
        failed = [r for r in results if not r.ok]
        for r in failed:
            print(f"NOT GRADED: {r.student}: {r.message} (log: grading_logs/)", file=sys.stderr)
    elif args.command == "table":
        print(pipeline.format_table(pipeline.grade_rows(args.assignment, args.root.resolve())))
    elif args.command == "bundle":
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

    print(f"\n({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
