# (filled by the work that owns this fragment)
