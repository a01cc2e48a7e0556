"Logs I oversee" and the dashboard's dated lists walk the title or date index
only as far as the page reaches, instead of sorting every overseen log; logs
held outside their holder's units are found by set difference. @bti
