"""Renderers: a platform-neutral `Reply` in, one platform's message format out."""
