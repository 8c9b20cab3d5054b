# callboard: ui messages (en). Every id exists in both languages (tests check).
