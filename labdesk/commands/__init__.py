"""Batch subcommands of `labdesk`: each has add_arguments(parser) and run(args) -> int; no Qt."""
