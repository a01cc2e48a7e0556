"""A log moving to another BTI site: rules, sealed package, actions."""
