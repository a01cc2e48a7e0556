Staff have a work page, "Mitt arbeid" (`@@my-work`, `@my-work`), in the main menu and as their landing page after login: relay offers, their activities (overdue first) and coming meetings with the log each belongs to, concerns near their deadline and their logs, with links to `/logs` and the guide search.
`@@my-meetings` and `@@my-activities` now also open at the site root, as the README says.
