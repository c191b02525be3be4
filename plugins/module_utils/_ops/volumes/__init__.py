"""Day-2 volume operations: snapshots, clones, imports, resizes, in-place restores and mirrors."""
