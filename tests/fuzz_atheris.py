"""Coverage-guided fuzzing of every parser with atheris (run by tests/test_fuzz_parsers.py, bounded).

Usage: python tests/fuzz_atheris.py -atheris_runs=N -max_total_time=S [corpus dirs]
An exception other than our FilingQAError crashes the run (non-zero exit) with the input saved.
"""

import sys

import atheris

with atheris.instrument_imports(include=["index"]):
    from index.errors import FilingQAError
    from index.parsers import Document, parse_document


def one_input(data: bytes) -> None:
    try:
        parse_document(Document("fuzz.bin", data))
    except FilingQAError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
