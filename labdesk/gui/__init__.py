"""PySide6 windows and widgets: they display and dispatch; decisions live in labdesk.core."""
