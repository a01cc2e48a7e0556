"""The unit leader's pages: control rounds (@@control-rounds, @@control-round)
and the staff list (@@unit-staff) of a unit; the "round due" notice."""
