"""REST API endpoints of the product, one folder per endpoint."""
