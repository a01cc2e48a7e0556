"""The oversight dashboard: catalog queries for unit leaders and coordinators."""
