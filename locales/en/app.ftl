# callboard: app messages (en). Every id exists in both languages (tests check).
