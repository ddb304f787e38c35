"""The pure domain of a workshop day: no Qt, no SQL, an injectable clock."""
