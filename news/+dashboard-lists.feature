A coordinator's dashboard and "logs I oversee" no longer grow with the site:
a catalog index (`bti_dashboard_lists`, upgrade 1027) keeps each log's state,
unit, deadlines, last activity and holders as lists with a count per key, filed
from the catalog's own values; "Show all" on the dashboard page stops at 500
rows a list. @bti
