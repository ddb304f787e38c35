"""labdesk: run an in-person workshop day from one laptop, offline."""

__version__ = "0.1.0"
APP_NAME = "labdesk"
