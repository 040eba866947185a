"""Published standard versions known to the platform (the files stay the source of truth)."""
