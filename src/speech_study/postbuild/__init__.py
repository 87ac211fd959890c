"""Post-build passes over the output folder, runnable after any engine (see pipeline.py)."""
