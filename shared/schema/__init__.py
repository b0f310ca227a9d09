"""Record schemas: cases and directory entries, with their validation."""
