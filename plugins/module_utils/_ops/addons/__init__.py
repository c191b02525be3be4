"""What the protect, monitoring and namespace modules share: converging rendered objects, refusals, options."""
