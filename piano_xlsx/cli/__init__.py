"""The `piano-xlsx` command: options in, library calls, Italian messages and exit codes out."""
