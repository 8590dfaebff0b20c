"""Fuzzing every form and the API with hypothesis: whatever arrives, never a 500."""
