"""Crawling, text extraction and claim extraction: the code that applies the rules in `patterns/`."""
