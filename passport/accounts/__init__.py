"""People, organisations, memberships, invitations and API tokens."""
