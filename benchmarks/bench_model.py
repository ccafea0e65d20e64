"""Size and load time of the shipped classifier model (prints numbers, asserts nothing).

Budget from issue 5: the model loads in under 1 s and is under 20 MB.
Run: python benchmarks/bench_model.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scanner import classifier as C  # noqa: E402
from scanner.resources import model_dir  # noqa: E402


def main(repeats: int = 5) -> None:
    path = model_dir() / C.MODEL_FILE
    print(f"model file: {path}")
    print(f"size: {path.stat().st_size / 1e6:.2f} MB (budget 20 MB)")
    C.load_model()  # warm imports (numpy, scipy, sklearn, skops)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        C.load_model()
        times.append(time.perf_counter() - t0)
    print(f"load_model (imports warm): best {min(times):.3f} s, median {sorted(times)[len(times) // 2]:.3f} s (budget 1 s)")
    code = ("import time; t=time.perf_counter(); from scanner import classifier as C; C.load_model(); "
            "print(f'{time.perf_counter()-t:.3f}')")
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    print(f"load_model in a fresh process, including imports: {cold} s")


if __name__ == "__main__":
    main()
