"""@baseline-changes on a site that follows a baseline guide."""
