"""Table models for the views, testable without a window."""
