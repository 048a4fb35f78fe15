"""The command line of ``main.py``: argument parsing, output and exit codes, one module per area.

The library beneath (``registration``, ``sync``) knows nothing of argparse; a command here reads
its arguments, calls the library and prints its answer.
"""
