"""Private Kubernetes plumbing for tridentops modules: authentication, one session per run,
batched reads, server-side apply, waits. Not a public API."""
