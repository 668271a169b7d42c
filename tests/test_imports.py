import subprocess
import sys

HEAVY = ("torch", "transformers", "ctranslate2")


def test_import_toolkit_and_cli_loads_no_heavy_backend() -> None:
    code = (
        "import sys, toolkit, toolkit.cli, toolkit.text;"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules];"
        "print(','.join(loaded))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""
