"""Trident protect operations: readiness waits, one-shot actions (snapshot, backup, restore), the S3 bucket."""
