"""Importers for old blogs that survive only as scraped text (WordPress.com, Blogger)."""
