"""Stand-ins for what the embedded control plane lacks (Trident's installer and controllers)."""
