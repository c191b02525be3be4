"""tridentops_pulumi: Pulumi components for a NetApp Trident storage stack, built from the tridentops
storage spec (``tridentops_pulumi.spec``)."""
