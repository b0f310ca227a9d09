"""Code used by both the client and the sync server: schemas, envelopes, bundles, crypto."""
