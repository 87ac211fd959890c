"""Thin adapters from the model to site engines."""
