"""The Entraide client: local store, sync agent, request writer, statistics, CLI and TUI."""
