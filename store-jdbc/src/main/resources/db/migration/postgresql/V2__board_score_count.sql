-- Members per score on each board, so a standing counts the entries ahead of a member in at most a few hundred
-- rows (the scores above theirs) plus one index range (their own score), not in O(rank).
-- week_start_us: the week of a weekly_best board, or 0 for the all-time board (best_run); 0 is never a week
-- start (the epoch is a Thursday in every zone). Kept by JdbcStore.save in the transaction that changes the
-- board's entries; a row whose members fell to 0 is kept (it adds nothing to a sum).
CREATE TABLE board_score_count (
  platform      TEXT NOT NULL,
  tenant        TEXT NOT NULL,
  pack_id       TEXT NOT NULL,
  week_start_us BIGINT NOT NULL,
  score         INTEGER NOT NULL,
  members       BIGINT NOT NULL,
  PRIMARY KEY (platform, tenant, pack_id, week_start_us, score)
);

INSERT INTO board_score_count (platform, tenant, pack_id, week_start_us, score, members)
  SELECT platform, tenant, pack_id, 0, score, COUNT(*) FROM best_run GROUP BY platform, tenant, pack_id, score;

INSERT INTO board_score_count (platform, tenant, pack_id, week_start_us, score, members)
  SELECT platform, tenant, pack_id, week_start_us, score, COUNT(*) FROM weekly_best
  GROUP BY platform, tenant, pack_id, week_start_us, score;
