"""The reconciliation layer's Python: what runs around the dbt project (`recon --help`).

Business logic lives in the dbt models; this package generates the demo world, runs the
Great Expectations checkpoint, renders and posts what the marts say, replays days and
measures the build. Installed into .venv by `make setup` (editable, from src/).
"""
