"""Errors of the protect operations that the module frame reports as they are. Apart from bucket.py so the frame,
which every module's payload holds, does not carry the AWS client code (and amazon.aws's module_utils) with it."""

from __future__ import annotations


class BucketError(Exception):
    """The bucket cannot be made ready; the message says why (AWS's own error included)."""
