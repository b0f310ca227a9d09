"""The terminal app (Textual). Everything here is presentation; the work is done in the
domain packages (client.cases, client.directory, client.stats, client.sync, client.bundles)."""
