"""The `entraide` command line: thin commands over the domain packages."""
