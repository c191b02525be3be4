"""Trident operations the modules share: converging a stack, uninstalling, safety checks, info. Private."""
