"""The producer registry: profiles, titles, sites, members and local management committees."""
