"""Pure renderers: the project model in, Markdown (or SVG) out; every data field escaped."""
