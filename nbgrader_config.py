"""nbgrader configuration for cnnlab: the course root is the folder nbgrader runs in.

Run nbgrader from the repository root: the instructor notebooks in ``solutions/<assignment>/`` are
nbgrader's "source" and the student release is written to ``assignments/<assignment>/``.
``submitted/``, ``autograded/``, ``feedback/`` and ``gradebook.db`` are nbgrader's defaults (and
gitignored).
"""

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "cnnlab"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"
# Files handed in beside a notebook (a checkpoint) are kept up to 100 MiB (KiB here; nbgrader's
# default is 100,000 KiB): autograder.pipeline.MAX_SUBMITTED_FILE_BYTES is the same limit.
c.CourseDirectory.max_file_size = 102400

# What a student sees in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Per-cell limit while autograding (the naive loops on the photograph take a few seconds).
c.Execute.timeout = 120

# Feedback must never show hidden tests: strip the hidden-test regions from the feedback copy.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, ClearHiddenTests]
