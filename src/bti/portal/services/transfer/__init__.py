"""REST @transfer: move a log to another unit of the site."""
