"""Evaluation against the shared gold data (seeds) and the article-extraction benchmark."""
