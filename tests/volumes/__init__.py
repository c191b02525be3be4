"""Day-2 volume modules (snapshot, clone, import, resize, restore, mirror) and their playbooks."""
