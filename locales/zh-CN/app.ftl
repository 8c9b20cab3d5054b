# callboard: app messages (zh-CN). Every id exists in both languages (tests check).
