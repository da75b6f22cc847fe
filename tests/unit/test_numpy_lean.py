"""numpy imported without ``numpy.linalg``, ``platform`` and ``ctypes``
(desktop/numpy_lean.py): what numpy took from the stand-ins, and ``np.linalg`` itself,
give numpy's own answers; a process that loaded numpy before Sourcedesk keeps it as it
was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import sys
{first}
import desktop
import numpy as np
LATER = ("numpy.linalg", "numpy._typing", "platform", "ctypes")
lean = not any(m in sys.modules for m in LATER)
import search, desktop.searcher, desktop.cli  # what a search process loads
lean_after_search = not any(m in sys.modules for m in LATER)
answers = [
    (np.matrix([[1, 1], [0, 1]]) ** 3).tolist(),  # numpy.matrixlib: matrix_power
    sorted(np.roots([1, -3, 2]).tolist()),  # numpy.lib: eigvals
    np.polyfit([0, 1, 2], [1, 3, 5], 1).round(6).tolist(),  # lstsq
    np.linalg.inv(np.array([[2.0, 0.0], [0.0, 4.0]])).tolist(),
    float(np.linalg.norm([3, 4])),
]
from numpy.linalg import LinAlgError
try:
    np.linalg.inv(np.zeros((2, 2)))
    answers.append("no error")
except LinAlgError as exc:
    answers.append(str(exc))
import numpy.typing as npt
answers.append(npt.NDArray is not None)
import contextlib, ctypes, io
answers.append(np.arange(3).ctypes.data > 0)  # numpy's own ctypes, the real one
answers.append(np.ctypeslib.as_array((ctypes.c_int * 3)(1, 2, 3)).tolist())
runtime = io.StringIO()
with contextlib.redirect_stdout(runtime):
    np.show_runtime()  # numpy's own platform, the real one
import platform
answers.append(platform.machine() in runtime.getvalue())
print(repr((lean, lean_after_search, answers)))
"""

ANSWERS = [
    [[1, 3], [0, 1]],
    [1.0, 2.0],
    [2.0, 1.0],
    [[0.5, 0.0], [0.0, 0.25]],
    5.0,
    "Singular matrix",
    True,
    True,
    [1, 2, 3],
    True,
]


@pytest.mark.parametrize(("first", "lean"), [("", True), ("import numpy", False)])
def test_numpy_without_linalg_answers_as_numpy(first: str, lean: bool) -> None:
    res = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(first=first)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    assert eval(res.stdout) == (lean, lean, ANSWERS)  # noqa: S307 (our own print)
