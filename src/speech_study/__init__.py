"""The study site's knowledge, independent of any site engine.

- the sources, read and checked once: the speech (`speech`), the docs pages'
  front matter (`pages`), the glossary (`glossary`), all held by `project.Project`;
- renderers (`render`): pure functions from that model to Markdown or SVG;
- post-build passes (`postbuild`): what is done to the finished HTML folder;
- adapters (`adapters`): a Python-Markdown extension any engine can run, and
  the MkDocs plugin that wires both into `mkdocs build`.
"""
