"""Lotsa: a shared case workspace for supported employment and work rehabilitation."""
