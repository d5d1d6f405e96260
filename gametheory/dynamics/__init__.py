"""Network simulation of cluster upgrading (see issue: dynamics)."""
